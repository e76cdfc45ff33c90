package io.conntrackd.conntrack;

/**
 * Not a test: opens a reader and prints "opened" or "error: MESSAGE". {@link PermissionIT} runs it
 * in a JVM without CAP_NET_ADMIN and CAP_SYS_ADMIN to see the error messages users would see.
 */
public final class PermissionProbe {

    private PermissionProbe() {
    }

    public static void main(String[] args) {
        ReaderOptions options = ReaderOptions.defaults();
        if (args.length > 0) {
            options = options.withNetns(args[0]);
        }
        try (ConntrackReader reader = ConntrackReader.open(options)) {
            System.out.println("opened");
        } catch (Exception e) {
            System.out.println("error: " + e.getMessage());
        }
    }
}

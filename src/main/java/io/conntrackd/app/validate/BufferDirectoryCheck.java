package io.conntrackd.app.validate;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a sink's disk buffer directory can be used by this user: an existing one must be a writable directory,
 * a missing one must be creatable in its nearest existing parent. Nothing is created.
 */
public final class BufferDirectoryCheck {

    private static final String HINT = "create it for the daemon's user (the systemd unit's"
            + " StateDirectory=conntrackd/buffer does), or choose another buffer.dir (docs/operations.md#disk-buffer)";

    private BufferDirectoryCheck() {
    }

    /** The check {@code sink.NAME.buffer} for the directory {@code dir}. */
    public static Check check(String sink, Path dir) {
        String id = "sink." + sink + ".buffer";
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            return usable(absolute) ? Check.ok(id, "the disk buffer directory " + absolute + " is writable")
                    : Check.error(id, "the disk buffer directory " + absolute + " is not a directory this user can"
                            + " write to", HINT);
        }
        Path parent = absolute.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent != null && usable(parent)) {
            return Check.ok(id, "the disk buffer directory " + absolute + " does not exist yet; run creates it in "
                    + parent + ", which is writable");
        }
        return Check.error(id, "the disk buffer directory " + absolute + " does not exist, and run cannot create it: "
                + (parent == null ? "no parent exists" : parent + " is not a directory this user can write to"), HINT);
    }

    private static boolean usable(Path dir) {
        return Files.isDirectory(dir) && Files.isWritable(dir) && Files.isExecutable(dir);
    }
}

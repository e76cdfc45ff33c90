package io.conntrackd.posix;

import java.io.IOException;

/** A failed native call, with its errno. */
public class NativeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /**
     * An exception for a call that just failed, reading errno of this thread. Call it straight
     * after the native call, before any other native call.
     *
     * @param operation what failed, e.g. {@code "socket(AF_NETLINK)"}
     */
    public static NativeException lastError(String operation) {
        int errno = Posix.errno(); // first: anything native below would overwrite it
        return of(operation, errno);
    }

    /** {@code "operation: text (errno N)"}. */
    public static NativeException of(String operation, int errno) {
        return new NativeException(operation + ": " + Posix.strerror(errno) + " (errno " + errno + ")", errno);
    }

    public int errno() {
        return errno;
    }

    /** Whether the call failed for lack of privileges (EPERM or EACCES). */
    public boolean isPermissionError() {
        return Errno.isPermissionError(errno);
    }
}

package io.conntrackd.posix;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Loads the C library once for the whole process and gives access to errno.
 *
 * <p>jnr-ffi saves errno of the calling thread after each native call; {@link #errno()} must be
 * read straight after the failing call on the same thread, before any other native call (even
 * {@link #strerror(int)}) overwrites it.
 */
public final class Posix {

    private Posix() {
    }

    /** Initialization-on-demand holder: loaded on first use, exactly once, thread-safely. */
    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    /** The shared C library binding. */
    public static LibC libc() {
        return Holder.LIBC;
    }

    /** The jnr-ffi runtime of {@link #libc()}, for allocating native memory and pointers. */
    public static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** errno of the last native call of this thread. */
    public static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    /** The C library's text for an errno value, e.g. "Operation not permitted". */
    public static String strerror(int errno) {
        String text = Holder.LIBC.strerror(errno);
        return text == null ? "errno " + errno : text;
    }

    /** Closes a file descriptor, ignoring errors; for cleanup paths that already have a failure. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            Holder.LIBC.close(fd);
        }
    }
}

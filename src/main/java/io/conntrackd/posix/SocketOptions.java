package io.conntrackd.posix;

import java.time.Duration;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * setsockopt/getsockopt for int, int-array and timeval options. Not for hot paths: each call
 * allocates a few bytes of native memory.
 */
public final class SocketOptions {

    private SocketOptions() {
    }

    /** Sets an int option; returns 0 or errno (the caller decides whether failure is fatal). */
    public static int trySetInt(int fd, int level, int option, int value) {
        Pointer p = Memory.allocateDirect(Posix.runtime(), 4);
        p.putInt(0, value);
        if (Posix.libc().setsockopt(fd, level, option, p, 4) < 0) {
            return Posix.errno();
        }
        return 0;
    }

    /** Sets an int option or throws. */
    public static void setInt(int fd, int level, int option, int value, String name) throws NativeException {
        int errno = trySetInt(fd, level, option, value);
        if (errno != 0) {
            throw NativeException.of("setsockopt(" + name + ")", errno);
        }
    }

    /** Reads an int option. */
    public static int getInt(int fd, int level, int option, String name) throws NativeException {
        int[] v = new int[1];
        getInts(fd, level, option, v, name);
        return v[0];
    }

    /**
     * Reads an option made of 32-bit values into {@code out}; returns how many the kernel wrote
     * (it may write fewer than asked, for example an older kernel's shorter SO_MEMINFO).
     */
    public static int getInts(int fd, int level, int option, int[] out, String name) throws NativeException {
        Pointer value = Memory.allocateDirect(Posix.runtime(), out.length * 4L, true);
        Pointer length = Memory.allocateDirect(Posix.runtime(), 4);
        length.putInt(0, out.length * 4);
        if (Posix.libc().getsockopt(fd, level, option, value, length) < 0) {
            throw NativeException.lastError("getsockopt(" + name + ")");
        }
        int count = Math.min(out.length, length.getInt(0) / 4);
        value.get(0, out, 0, count);
        return count;
    }

    /** Sets a struct timeval option such as SO_RCVTIMEO (64-bit layout). */
    public static void setTimeval(int fd, int level, int option, Duration value, String name) throws NativeException {
        Pointer p = Memory.allocateDirect(Posix.runtime(), Linux.SIZEOF_TIMEVAL);
        p.putLong(0, value.getSeconds());               // tv_sec
        p.putLong(8, value.getNano() / 1000);           // tv_usec
        if (Posix.libc().setsockopt(fd, level, option, p, Linux.SIZEOF_TIMEVAL) < 0) {
            throw NativeException.lastError("setsockopt(" + name + ")");
        }
    }
}

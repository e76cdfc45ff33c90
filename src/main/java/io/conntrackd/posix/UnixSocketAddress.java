package io.conntrackd.posix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** A {@code struct sockaddr_un} in native memory, for the Unix socket classes of this package. */
final class UnixSocketAddress {

    private UnixSocketAddress() {
    }

    /** The address of {@code path}: sun_family AF_UNIX, sun_path the path's bytes and a NUL. */
    static Pointer of(Path path) {
        byte[] bytes = pathBytes(path);
        if (bytes.length == 0 || bytes.length >= Linux.SUN_PATH_MAX) {
            throw new IllegalArgumentException("a Unix socket path must have 1 to " + (Linux.SUN_PATH_MAX - 1)
                    + " bytes: " + path);
        }
        Pointer address = Memory.allocateDirect(Posix.runtime(), Linux.SIZEOF_SOCKADDR_UN, true);
        address.putShort(0, (short) Linux.AF_UNIX);
        address.put(Linux.SUN_PATH_OFFSET, bytes, 0, bytes.length);
        return address;
    }

    /** The addrlen to pass with {@link #of}: the family, the path and its NUL. */
    static int length(Path path) {
        return Linux.SUN_PATH_OFFSET + pathBytes(path).length + 1;
    }

    private static byte[] pathBytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8);
    }
}

/**
 * Native access shared by the whole project: one jnr-ffi binding of the C library
 * ({@link io.conntrackd.posix.LibC}, loaded once by {@link io.conntrackd.posix.Posix}), errno
 * handling ({@link io.conntrackd.posix.NativeException}) and Linux ABI constants. Packages that
 * need another C function add it to {@code LibC}; nobody loads libc twice. No Camel imports.
 */
package io.conntrackd.posix;

package io.conntrackd.posix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PosixTest {

    @Test
    void errnoIsReadAfterAFailingCall() {
        assertThat(Posix.libc().close(-1)).isEqualTo(-1);
        assertThat(Posix.errno()).isEqualTo(Errno.EBADF);

        assertThat(Posix.libc().open("/nonexistent/ctd-test", Linux.O_RDONLY)).isEqualTo(-1);
        assertThat(Posix.errno()).isEqualTo(Errno.ENOENT);
    }

    @Test
    void libraryIsLoadedOnce() {
        assertThat(Posix.libc()).isSameAs(Posix.libc());
    }

    @Test
    void exceptionCarriesErrnoAndItsText() {
        Posix.libc().close(-1);
        NativeException e = NativeException.lastError("close(-1)");
        assertThat(e.errno()).isEqualTo(Errno.EBADF);
        assertThat(e).hasMessage("close(-1): Bad file descriptor (errno 9)");
        assertThat(e.isPermissionError()).isFalse();
        assertThat(NativeException.of("bind", Errno.EPERM).isPermissionError()).isTrue();
        assertThat(NativeException.of("open", Errno.EACCES).isPermissionError()).isTrue();
    }

    @Test
    void strerrorNamesErrors() {
        assertThat(Posix.strerror(Errno.ENOBUFS)).isEqualTo("No buffer space available");
        assertThat(Posix.strerror(Errno.EPERM)).isEqualTo("Operation not permitted");
    }
}

package io.conntrackd.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sender reports when nobody listens (no root needed); real delivery is in JournalSinkIT. */
class UnixDatagramSocketTest {

    private static final byte[] DATA = {'M', '=', 'x', '\n'};

    @TempDir
    Path dir;

    @Test
    void sendingToAMissingPathFailsWithEnoentAndTheSocketStaysUsable() throws Exception {
        try (UnixDatagramSocket socket = new UnixDatagramSocket(dir.resolve("absent"), Duration.ofMillis(100), 0)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> socket.send(DATA, DATA.length))
                        .isInstanceOfSatisfying(NativeException.class,
                                e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                        .hasMessageContaining("sendto(" + dir.resolve("absent") + ")");
            }
        }
    }

    @Test
    void probeTellsAMissingPathFromOneNobodyListensOn() throws Exception {
        assertThatThrownBy(() -> UnixDatagramSocket.probe(dir.resolve("absent")))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        Path file = Files.writeString(dir.resolve("file"), "");
        assertThatThrownBy(() -> UnixDatagramSocket.probe(file))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED));
    }

    @Test
    void refusesAPathLongerThanSockaddrUnHolds() {
        Path tooLong = Path.of("/" + "x".repeat(Linux.SUN_PATH_MAX - 1));
        assertThatThrownBy(() -> new UnixDatagramSocket(tooLong, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 107 bytes");
    }

    @Test
    void aClosedSocketRefusesToSendInsteadOfUsingAStaleDescriptor() throws Exception {
        UnixDatagramSocket socket = new UnixDatagramSocket(dir.resolve("absent"), Duration.ofSeconds(1), 0);
        socket.close();
        assertThatThrownBy(() -> socket.send(DATA, DATA.length))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF))
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> socket.sendDescriptor(0)).isInstanceOf(NativeException.class);
    }
}

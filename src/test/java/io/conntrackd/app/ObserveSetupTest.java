package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --metrics.*}: the address is checked before anything starts; a taken port is a startup error. */
class ObserveSetupTest {

    @TempDir
    Path dir;

    private Configuration resolve(String... flags) throws ConfigurationException {
        String[] args = Stream.concat(Stream.of("run"), Arrays.stream(flags)).toArray(String[]::new);
        return new ConfigurationResolver(Map.of(), dir).resolve(new CommandLineParser().parse(args).flags());
    }

    @Test
    void offByDefault() throws Exception {
        assertThat(ObserveSetup.start(resolve(), new Main())).isNull();
    }

    @Test
    void theDefaultAddressIsLoopbackOnly() throws Exception {
        InetSocketAddress a = ObserveSetup.address(resolve());
        assertThat(a.getAddress().isLoopbackAddress()).isTrue();
        assertThat(a.getPort()).isEqualTo(9754);
    }

    @Test
    void acceptsHostPortIpv6InBracketsAndPortZero() throws Exception {
        assertThat(ObserveSetup.address(resolve("--metrics.address", "[::1]:9100")))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 9100));
        assertThat(ObserveSetup.address(resolve("--metrics.address", "0.0.0.0:0")).getPort()).isZero();
        assertThat(ObserveSetup.address(resolve("--metrics.address", "localhost:8080")).getPort()).isEqualTo(8080);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9754", ":9754", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536",
            "127.0.0.1:-1", "::1:9754", "no-such-host.invalid:9754"})
    void aBadAddressIsAConfigurationErrorNamingTheFlagAndValue(String value) {
        assertThatThrownBy(() -> ObserveSetup.address(resolve("--metrics.address", value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("metrics.address").hasMessageContaining("\"" + value + "\"")
                .hasMessageContaining("flag --metrics.address").hasMessageContaining("HOST:PORT");
    }

    @Test
    void aBadAddressStopsTheDaemonWithExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ConntrackdMain(Map.of(), dir, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("run", "--metrics.enable", "--metrics.address", "localhost");
        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("metrics.address", "\"localhost\"");
    }

    @Test
    void aTakenPortIsAStartupErrorNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            assertThatThrownBy(() -> ObserveSetup.start(resolve("--metrics.enable", "--metrics.address", address),
                    new Main()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("cannot serve metrics on metrics.address = \"" + address + "\"")
                    .hasMessageContaining("Address already in use");

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new ConntrackdMain(Map.of(), dir, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run("run", "--sink.stream.enable", "--metrics.enable", "--metrics.address", address);
            assertThat(code).as("a runtime failure, before Camel starts").isEqualTo(ConntrackdMain.EXIT_FAILURE);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("conntrackd: cannot serve metrics on",
                    address, "Address already in use").doesNotContain("\tat ");
        }
    }
}

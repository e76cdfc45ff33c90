package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.conntrackd.geoip.GeoIpEnricher;
import io.conntrackd.geoip.TestDatabases;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --geoip.*}: a bad database stops startup naming the setting, its source and value, and why. */
class GeoIpSetupTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Configuration resolve(String... flags) throws ConfigurationException {
        String[] args = Stream.concat(Stream.of("run"), Arrays.stream(flags)).toArray(String[]::new);
        return new ConfigurationResolver(env, dir).resolve(new CommandLineParser().parse(args).flags());
    }

    private Processor enricher(String... flags) throws ConfigurationException {
        return GeoIpSetup.enricher(resolve(flags));
    }

    @Test
    void withoutDatabasesTheStepLeavesEventsAlone() throws Exception {
        Processor step = enricher();
        assertThat(step).isNotInstanceOf(GeoIpEnricher.class);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        Object event = TestEvents.tcp4();
        exchange.getMessage().setBody(event);
        step.process(exchange);
        assertThat(exchange.getMessage().getBody()).isSameAs(event);
    }

    @Test
    void withDatabasesTheStepIsTheEnricher() throws Exception {
        Processor step = enricher("--geoip.database", TestDatabases.city().toString(),
                "--geoip.asn-database", TestDatabases.asn().toString());
        assertThat(step).isInstanceOf(GeoIpEnricher.class);
        ServiceHelper.stopAndShutdownService(step);
    }

    @Test
    void anAsnDatabaseAsCityDatabaseNamesTheFlagAndTheTypeFound() {
        String asn = TestDatabases.asn().toString();
        assertThatThrownBy(() -> enricher("--geoip.database", asn))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("geoip.database = \"" + asn + "\" (from flag --geoip.database): GeoIP database " + asn
                        + " is a \"GeoLite2-ASN\" database, not a City database (GeoIP2-City or GeoLite2-City)");
    }

    @Test
    void aCityDatabaseAsAsnDatabaseNamesTheEnvironmentVariable() {
        String city = TestDatabases.city().toString();
        env.put("CONNTRACKD_GEOIP_ASN_DATABASE", city);
        assertThatThrownBy(() -> enricher())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("geoip.asn-database = \"" + city + "\" (from environment variable"
                        + " CONNTRACKD_GEOIP_ASN_DATABASE): GeoIP database " + city + " is a \"GeoLite2-City\" database,"
                        + " not an ASN database (GeoLite2-ASN)");
    }

    @Test
    void aMissingFileFromTheConfigFileIsNamed() throws Exception {
        Path missing = dir.resolve("GeoLite2-City.mmdb");
        Path config = Files.writeString(dir.resolve("conntrackd.yaml"), "geoip:\n  database: " + missing + "\n");
        assertThatThrownBy(() -> enricher("--config", config.toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("geoip.database = \"" + missing + "\" (from ")
                .hasMessageContaining(config.toString())
                .hasMessageEndingWith("): GeoIP database " + missing + " does not exist");
    }

    @Test
    void aCorruptFileIsNamed() throws Exception {
        Path corrupt = Files.write(dir.resolve("corrupt.mmdb"), new byte[] {0, 1, 2, 3});
        assertThatThrownBy(() -> enricher("--geoip.database", corrupt.toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("geoip.database = \"" + corrupt + "\" (from flag --geoip.database): GeoIP"
                        + " database " + corrupt + " is not a valid MaxMind database (corrupt or truncated?): ");
    }

    @Test
    void aNegativeCacheSizeOrReloadIntervalIsRefused() {
        assertThatThrownBy(() -> enricher("--geoip.cache-size", "-1"))
                .hasMessage("geoip.cache-size = \"-1\" (from flag --geoip.cache-size): must be 0 or more");
        assertThatThrownBy(() -> enricher("--geoip.reload-interval", "-5"))
                .hasMessage("geoip.reload-interval = \"-5\" (from flag --geoip.reload-interval): must be 0 or more");
    }

    @Test
    void theDaemonExitsWithTheUsageCodeAndTheMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        String asn = TestDatabases.asn().toString();
        int code = new ConntrackdMain(Map.of(), dir, new PrintStream(new ByteArrayOutputStream()), errStream)
                .run("run", "--geoip.database", asn);
        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("conntrackd: geoip.database = \"" + asn
                + "\" (from flag --geoip.database): GeoIP database " + asn + " is a \"GeoLite2-ASN\" database");
    }
}

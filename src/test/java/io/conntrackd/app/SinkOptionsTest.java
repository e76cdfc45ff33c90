package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.journal.JournalSinkEndpoint;
import io.conntrackd.sink.loki.LokiEndpoint;
import io.conntrackd.sink.syslog.SyslogSinkEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sinks' settings come from their configuration classes, and reach the components Camel uses. */
class SinkOptionsTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Configuration resolve(String... flags) throws ConfigurationException {
        String[] args = Stream.concat(Stream.of("run"), Arrays.stream(flags)).toArray(String[]::new);
        return new ConfigurationResolver(env, dir).resolve(new CommandLineParser().parse(args).flags());
    }

    /** The endpoint of the sink's URI, made by Camel from the component the daemon binds. */
    private <E extends SinkEndpoint> E endpoint(CamelContext camel, SinkDefinition<?> sink, Configuration config,
                                                 Class<E> type) throws ConfigurationException {
        SinkDefinition.Prepared prepared = sink.prepare(config, env);
        camel.addComponent(prepared.scheme(), prepared.component());
        return camel.getEndpoint(prepared.endpointUri(), type);
    }

    @Test
    void aFlagAVariableAndAFileKeyReachTheEndpoints() throws Exception {
        Files.writeString(dir.resolve("conntrackd.yaml"), "sink:\n  journal:\n    syslog-identifier: edge-fw\n");
        env.put("CONNTRACKD_SINK_LOKI_BATCH_LINES", "42");
        Configuration config = resolve("--sink.syslog.app-name=conntrackd-dmz", "--sink.syslog.when-full", "BLOCK");
        try (CamelContext camel = new DefaultCamelContext()) {
            SyslogSinkEndpoint syslog = endpoint(camel, new SyslogSinkDefinition(), config, SyslogSinkEndpoint.class);
            assertThat(syslog.getConfiguration().getAppName()).isEqualTo("conntrackd-dmz");
            assertThat(syslog.getWhenFull()).isEqualTo(SinkEndpoint.WhenFull.BLOCK);
            LokiEndpoint loki = endpoint(camel, new LokiSinkDefinition(), config, LokiEndpoint.class);
            assertThat(loki.getConfiguration().getBatchLines()).isEqualTo(42);
            JournalSinkEndpoint journal = endpoint(camel, new JournalSinkDefinition(), config,
                    JournalSinkEndpoint.class);
            assertThat(journal.getConfiguration().getSyslogIdentifier()).isEqualTo("edge-fw");
            assertThat(journal.getQueueSize()).as("a default").isEqualTo(100000);
        }
    }

    @Test
    void aBadValueNamesItsSettingAndSource() throws Exception {
        assertThatThrownBy(() -> new StreamSinkDefinition().prepare(resolve("--sink.stream.queue-size=0"), env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.stream.queue-size = \"0\" (from flag --sink.stream.queue-size): must be at least 1");

        env.put("CONNTRACKD_SINK_SYSLOG_WHEN_FULL", "sometimes");
        assertThatThrownBy(this::resolve).hasMessage("invalid value \"sometimes\" for sink.syslog.when-full in"
                + " environment variable CONNTRACKD_SINK_SYSLOG_WHEN_FULL: expected one of drop, block");
        env.clear();

        Path file = Files.writeString(dir.resolve("c.yaml"), "sink:\n  syslog:\n    max-reconnect-delay: 50\n");
        assertThatThrownBy(() -> new SyslogSinkDefinition().prepare(resolve("--config", file.toString()), env))
                .hasMessage("sink.syslog.max-reconnect-delay = \"50\" (from configuration file " + file
                        + " (key sink.syslog.max-reconnect-delay)): must be at least 100 (sink.syslog.reconnect-delay)");
    }

    @Test
    void theOptionsAreFlagsWithTheirDefaultsInTheHelp() throws Exception {
        String help = new CommandLineParser().parse("run", "--help").output().replaceAll("\\s*\\R\\s+", " ");
        assertThat(help).contains("--sink.syslog.app-name=VALUE The APP-NAME (RFC 5424) or TAG (RFC 3164)."
                        + " (default: conntrackd)",
                "--sink.journal.syslog-identifier=VALUE", "--sink.loki.when-full=drop|block",
                "--sink.stream.drain-timeout=N", "--sink.syslog.tls.ca-file=VALUE", "--sink.syslog.cee[=BOOL]",
                "--sink.journal.socket=VALUE");
        assertThat(help).doesNotContain("--sink.syslog.ca-file", "--sink.syslog.cee-cookie",
                "--sink.journal.socket-path", "--sink.loki.token=", "--sink.loki.password=");
    }

    @Test
    void optionNamesBecomeKebabCase() {
        assertThat(SinkOptions.kebabCase("batchLines")).isEqualTo("batch-lines");
        assertThat(SinkOptions.kebabCase("maxReconnectDelay")).isEqualTo("max-reconnect-delay");
        assertThat(SinkOptions.kebabCase("gzip")).isEqualTo("gzip");
    }
}

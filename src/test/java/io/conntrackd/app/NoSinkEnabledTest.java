package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With no sink enabled the original exits; we use the stream sink with its settings instead, and say so,
 * but only once every setting has been checked.
 */
class NoSinkEnabledTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @ParameterizedTest
    @CsvSource({
        "stdout,  conntrack-stream:stdout,  'no sink enabled, writing events to stdout (enable sinks with"
                + " --sink.NAME.enable)'",
        "stderr,  conntrack-stream:stderr,  'no sink enabled, writing events to stderr (enable sinks with"
                + " --sink.NAME.enable)'",
        "discard, conntrack-stream:discard, 'no sink enabled, discarding the events (sink.stream.writer is"
                + " discard) (enable sinks with --sink.NAME.enable)'"})
    void theStreamSinkStandsInWithItsWriter(String writer, String endpoint, String notice) throws Exception {
        env.put("CONNTRACKD_SINK_STREAM_WRITER", writer);
        Configuration c = RunConfiguration.of(env, dir);
        SinkPlan plan = SinkPlan.prepare(c, env);
        assertThat(plan.notice()).contains(notice);
        assertThat(plan.select(c).endpointUris()).containsExactly(endpoint);
    }

    @Test
    void theStreamSinksOtherSettingsApplyToo() throws Exception {
        Configuration c = RunConfiguration.of(env, dir, "--sink.stream.queue-size", "7");
        SinkPlan.Selected selected = SinkPlan.prepare(c, env).select(c);
        var component = (io.conntrackd.sink.stream.StreamSinkComponent) selected.beans().get("conntrack-stream");
        assertThat(component.getConfiguration().getQueueSize()).isEqualTo(7);
    }

    @Test
    void anEnabledSinkNeedsNoNotice() throws Exception {
        assertThat(SinkPlan.prepare(RunConfiguration.of(env, dir, "--sink.stream.enable"), env).notice()).isEmpty();
    }

    /** Each of these is checked after the sinks; none may follow a notice that suggests the daemon runs. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--geoip.database=/nonexistent/GeoLite2-City.mmdb | geoip.database",
        "--profiler.enable --profiler.address=ftp://p     | profiler.address",
        "--metrics.enable --metrics.address=nowhere       | metrics.address",
        "--routes=/nonexistent/routes                     | routes",
        "--ext-dir=/nonexistent/ext                       | ext-dir"})
    void aLaterConfigurationErrorIsTheOnlyMessage(String flags, String culprit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ConntrackdMain(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(("run " + flags).split(" "));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(stderr).contains(culprit).doesNotContain("no sink enabled");
        assertThat(out.size()).isZero();
    }
}

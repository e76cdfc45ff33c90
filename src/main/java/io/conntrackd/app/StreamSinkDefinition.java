package io.conntrackd.app;

/** {@code --sink.stream.*}: JSON lines on stdout or stderr. */
final class StreamSinkDefinition implements SinkDefinition {

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public Setting enable() {
        return Settings.SINK_STREAM_ENABLE;
    }

    @Override
    public String endpointUri(Configuration config) {
        return "conntrack-stream:" + config.string(Settings.SINK_STREAM_WRITER);
    }
}

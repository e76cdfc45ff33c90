package io.conntrackd.app;

import java.util.Map;

import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.stream.StreamSinkComponent;
import io.conntrackd.sink.stream.StreamSinkConfiguration;

/** {@code --sink.stream.*}: JSON lines on stdout or stderr. */
final class StreamSinkDefinition extends SinkDefinition<StreamSinkConfiguration> {

    StreamSinkDefinition() {
        super("stream", "conntrack-stream", Settings.SINK_STREAM_ENABLE, StreamSinkConfiguration::new, Map.of(),
                Map.of());
    }

    @Override
    SinkComponent component(StreamSinkConfiguration options, Configuration config, Map<String, String> environment) {
        StreamSinkComponent component = new StreamSinkComponent();
        component.setConfiguration(options);
        return component;
    }
}

package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.sink.stream.JsonLinesWriter;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

/** The encoder's line is the stream sink's line without its newline, also when it outgrows the first buffer. */
class LineEncoderTest {

    @Test
    void aLineLongerThanTheFirstBufferIsWholeInTheBufferAndTheCopy() throws Exception {
        ConntrackEvent small = TestEvents.tcp4();
        ConntrackEvent large = TestEvents.builder(small.type(), small.protocol(), small.original())
                .namespace(new PeerNamespace(3, "n".repeat(5000))).build();
        LineEncoder encoder = new LineEncoder();

        for (ConntrackEvent event : List.of(small, large, small)) {
            byte[] expected = streamLine(event);
            int length = encoder.encode(event);
            assertThat(Arrays.copyOf(encoder.buffer(), length)).isEqualTo(expected);
            assertThat(encoder.line(event)).isEqualTo(expected);
        }
    }

    private static byte[] streamLine(ConntrackEvent event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonLinesWriter(out).write(new EventBatch(List.of(event), new SinkStats("stream")));
        byte[] line = out.toByteArray();
        assertThat(line.length).isGreaterThan(1);
        return Arrays.copyOf(line, line.length - 1); // without its newline
    }
}

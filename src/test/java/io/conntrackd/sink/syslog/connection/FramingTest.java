package io.conntrackd.sink.syslog.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FramingTest {

    private static String frame(Framing framing, String... messages) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String m : messages) {
            framing.write(m.getBytes(StandardCharsets.UTF_8), out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void octetCountingPrefixesTheByteLengthAndASpace() throws Exception {
        assertThat(frame(Framing.OCTET_COUNTING, "<30>1 - - - - - {}", "<30>1 x Zürich"))
                .isEqualTo("18 <30>1 - - - - - {}15 <30>1 x Zürich");
    }

    @Test
    void newlineFramingEndsEachMessageWithALineFeed() throws Exception {
        assertThat(frame(Framing.NEWLINE, "<30>a", "<30>b")).isEqualTo("<30>a\n<30>b\n");
    }
}

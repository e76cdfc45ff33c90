package io.conntrackd.sink.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.conntrackd.sink.EventField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JournalEntryTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code NAME\n}, the length as 8 little-endian bytes, the value, {@code \n}. */
    private static byte[] binaryField(String name, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(name + "\n"));
        out.writeBytes(new byte[] {(byte) value.length, 0, 0, 0, 0, 0, 0, 0});
        out.writeBytes(value);
        out.write('\n');
        return out.toByteArray();
    }

    @Test
    void writesPlainValuesAsNameEqualsValueLines() {
        JournalEntry entry = new JournalEntry().add("MESSAGE", "hello world").add("PRIORITY", "6");
        assertThat(entry.toByteArray()).isEqualTo(ascii("MESSAGE=hello world\nPRIORITY=6\n"));
        assertThat(entry.length()).isEqualTo(20 + 11);
    }

    @Test
    void writesAValueWithANewlineLengthPrefixed() {
        byte[] bytes = new JournalEntry().add("MESSAGE", "two\nlines").toByteArray();
        assertThat(bytes).isEqualTo(new byte[] {
            'M', 'E', 'S', 'S', 'A', 'G', 'E', '\n',
            9, 0, 0, 0, 0, 0, 0, 0,
            't', 'w', 'o', '\n', 'l', 'i', 'n', 'e', 's',
            '\n'});
    }

    @Test
    void writesTheLengthAsAllEightLittleEndianBytes() {
        String value = "x".repeat(0x0102) + "\n";
        byte[] bytes = new JournalEntry().add("BIG", value).toByteArray();
        assertThat(bytes).startsWith('B', 'I', 'G', '\n', 0x03, 0x01, 0, 0, 0, 0, 0, 0, 'x');
        assertThat(bytes).hasSize(4 + 8 + 0x0103 + 1).endsWith('x', '\n', '\n');
    }

    @ParameterizedTest
    @ValueSource(strings = {"tab\there", "cr\r", "nul\0byte", "del\u007f", "\u001b[31mred"})
    void writesValuesWithOtherControlCharactersLengthPrefixed(String value) {
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        assertThat(new JournalEntry().add("F", value).toByteArray()).isEqualTo(binaryField("F", raw));
    }

    @Test
    void keepsNonAsciiTextInThePlainFormAsUtf8() {
        byte[] bytes = new JournalEntry().add("EVENT_SRC_CITY", "München").toByteArray();
        assertThat(bytes).isEqualTo("EVENT_SRC_CITY=München\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesAnEmptyValue() {
        assertThat(new JournalEntry().add("EMPTY", "").toByteArray()).isEqualTo(ascii("EMPTY=\n"));
    }

    @Test
    void mixesBothFormsInOneEntryAndGrowsItsBuffer() {
        String big = "y".repeat(5000);
        JournalEntry entry = new JournalEntry().add("A", "1").add("B", "x\ny").add("C", big);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(ascii("A=1\n"));
        expected.writeBytes(binaryField("B", ascii("x\ny")));
        expected.writeBytes(ascii("C=" + big + "\n"));
        assertThat(entry.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void clearStartsANewEntryInTheSameBuffer() {
        JournalEntry entry = new JournalEntry().add("OLD", "value");
        entry.clear();
        entry.add("NEW", "v");
        assertThat(entry.toByteArray()).isEqualTo(ascii("NEW=v\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_PID", "1ST", "lower", "WITH-DASH", "WITH SPACE", "NAME=X", "ÄNDERUNG"})
    void refusesNamesThatJournaldWouldDrop(String name) {
        assertThatThrownBy(() -> new JournalEntry().add(name, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a journal field name");
    }

    @Test
    void acceptsNamesUpTo64Characters() {
        String longest = "N".repeat(JournalEntry.MAX_NAME_LENGTH);
        assertThat(new JournalEntry().add(longest, "v").length()).isEqualTo(64 + 3);
        assertThatThrownBy(() -> new JournalEntry().add(longest + "N", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(EventField.class)
    void everyEventFieldHasAValidJournalName(EventField field) {
        assertThat(field.journalName()).startsWith("EVENT_");
        assertThat(new JournalEntry().add(field.journalName(), "v").toByteArray())
                .isEqualTo(ascii(field.journalName() + "=v\n"));
    }
}

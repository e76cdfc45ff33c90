package io.conntrackd.sink.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One journal entry in the wire format of journald's native protocol, built field by field into a
 * reusable buffer. A value goes as {@code NAME=value\n}, unless it holds a newline or another control
 * character: then it goes in the binary-safe form {@code NAME\n}, the value's length as a 64-bit
 * little-endian integer, the raw bytes and {@code \n}. One datagram (or one memfd) carries one entry.
 */
final class JournalEntry {

    /** journald drops fields with longer names (journal_field_valid() in its sources). */
    static final int MAX_NAME_LENGTH = 64;

    private byte[] buffer = new byte[1024];
    private int length;

    /** Empties the entry, keeping its buffer. */
    void clear() {
        length = 0;
    }

    /**
     * Appends a field. {@code name} must be a valid journal field name: upper-case ASCII letters,
     * digits and {@code _}, not starting with a digit or {@code _} (fields starting with {@code _}
     * are journald's trusted fields, which clients cannot set), at most 64 characters.
     */
    JournalEntry add(String name, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ensureRoom(name.length() + v.length + 10);
        appendName(name);
        if (needsBinaryForm(v)) {
            buffer[length++] = '\n';
            appendLittleEndianLong(v.length);
            appendBytes(v);
        } else {
            buffer[length++] = '=';
            appendBytes(v);
        }
        buffer[length++] = '\n';
        return this;
    }

    /** The buffer holding the entry in its first {@link #length()} bytes. */
    byte[] buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    /** A copy of the entry's bytes. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    private void appendName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_NAME_LENGTH || !isNameStart(name.charAt(0))) {
            throw new IllegalArgumentException("not a journal field name: \"" + name + "\"");
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (!isNameStart(c) && !(c >= '0' && c <= '9') && c != '_') {
                throw new IllegalArgumentException("not a journal field name: \"" + name + "\"");
            }
            buffer[length++] = (byte) c;
        }
    }

    private static boolean isNameStart(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** Control characters (newline above all) would break the {@code NAME=value\n} line form. */
    private static boolean needsBinaryForm(byte[] value) {
        for (byte b : value) {
            if ((b >= 0 && b < 0x20) || b == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private void appendLittleEndianLong(long v) {
        for (int i = 0; i < Long.BYTES; i++) {
            buffer[length++] = (byte) (v >>> (8 * i));
        }
    }

    private void appendBytes(byte[] v) {
        System.arraycopy(v, 0, buffer, length, v.length);
        length += v.length;
    }

    private void ensureRoom(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}

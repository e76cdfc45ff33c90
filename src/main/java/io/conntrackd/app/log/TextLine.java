package io.conntrackd.app.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import io.conntrackd.sink.GoFloat;
import org.slf4j.event.KeyValuePair;

/**
 * The text form, byte for byte what slf4j-simple wrote with the settings the daemon gave it (so that
 * scripts reading it go on working): {@code 2025-11-25T12:35:11.082+01:00 WARN ClassName - message}, the
 * stack trace of an exception on the lines below. Attributes follow the message as {@code key=value},
 * quoted where a value has spaces or quotes, as Go slog's text handler writes them.
 */
final class TextLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneId.systemDefault());

    private TextLine() {
    }

    static String render(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochSecond(0, record.epochNanos()), line);
        line.append(' ').append(record.level().name()).append(' ').append(shortName(record.logger())).append(" - ")
                .append(record.message());
        for (KeyValuePair attribute : record.attributes()) {
            line.append(' ').append(attribute.key).append('=');
            appendValue(line, attribute.value);
        }
        line.append(System.lineSeparator());
        if (record.error() != null) {
            StringWriter trace = new StringWriter();
            record.error().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The logger's simple name, as slf4j-simple's showShortLogName printed it. */
    static String shortName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    private static void appendValue(StringBuilder line, Object value) {
        if (value instanceof Double d) {
            line.append(GoFloat.format(d));
        } else if (value instanceof Number || value instanceof Boolean) {
            line.append(value);
        } else {
            String text = String.valueOf(value);
            if (needsQuotes(text)) {
                appendQuoted(line, text);
            } else {
                line.append(text);
            }
        }
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty()) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static void appendQuoted(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        line.append(String.format("\\x%02x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}

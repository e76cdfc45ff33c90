package io.conntrackd.app.log;

/** How a log record becomes a line on stderr. */
public enum LogFormat {
    /** The original's form (Go slog's JSON handler): one JSON object per line. */
    JSON {
        @Override
        String render(LogRecord record) {
            return JsonLine.render(record);
        }
    },
    /** Our earlier form, as slf4j-simple wrote it: {@code 2025-11-25T12:35:11.082Z INFO Class - message}. */
    TEXT {
        @Override
        String render(LogRecord record) {
            return TextLine.render(record);
        }
    };

    /** The record as one or more complete lines, each ending in a newline. */
    abstract String render(LogRecord record);
}

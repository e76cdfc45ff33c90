package io.conntrackd.app.validate;

import java.util.ArrayList;
import java.util.List;

/** Exception messages as one line of the report. */
final class Messages {

    private Messages() {
    }

    /**
     * The messages of {@code e} and its causes, each given once, on one line. Lines that quote the source (the
     * YAML parser's excerpt, indented, and its {@code ^} marker) are left out; the file, line and column stay.
     */
    static String oneLine(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            String line = collapse(message);
            if (parts.stream().noneMatch(p -> p.contains(line))) {
                parts.add(line);
            }
        }
        return String.join(": ", parts);
    }

    private static String collapse(String message) {
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\\R")) {
            String stripped = line.strip();
            if (line.startsWith("    ") || stripped.isEmpty() || stripped.matches("\\^+")) {
                continue;
            }
            kept.add(stripped.endsWith(":") ? stripped.substring(0, stripped.length() - 1) : stripped);
        }
        return String.join(" ", kept);
    }
}

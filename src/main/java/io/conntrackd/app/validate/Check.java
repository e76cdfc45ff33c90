package io.conntrackd.app.validate;

import java.util.Objects;

/**
 * The result of one check: one line of {@code conntrackd validate}'s output.
 *
 * @param id      what was checked, as a stable dotted name (e.g. {@code kernel.netlink}, {@code sink.loki})
 * @param status  ok, warning or error
 * @param message what was found, naming the setting, file, address or namespace concerned
 * @param hint    what to do about it, or an empty string when there is nothing to do
 */
public record Check(String id, Status status, String message, String hint) {

    public Check {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    public static Check ok(String id, String message) {
        return new Check(id, Status.OK, message, "");
    }

    public static Check ok(String id, String message, String hint) {
        return new Check(id, Status.OK, message, hint);
    }

    public static Check warning(String id, String message, String hint) {
        return new Check(id, Status.WARNING, message, hint);
    }

    public static Check error(String id, String message, String hint) {
        return new Check(id, Status.ERROR, message, hint);
    }
}

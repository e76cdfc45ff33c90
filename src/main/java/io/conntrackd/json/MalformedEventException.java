package io.conntrackd.json;

/**
 * JSON or a map that does not hold a conntrack event: the message names the field and what was wrong
 * with it, e.g. {@code field "src_port": expected an integer, found the string "http"}.
 */
public class MalformedEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    static MalformedEventException field(String key, String problem) {
        return new MalformedEventException("field \"" + key + "\": " + problem);
    }
}

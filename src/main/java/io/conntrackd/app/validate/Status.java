package io.conntrackd.app.validate;

import java.util.Locale;

/** The outcome of one check of {@code conntrackd validate}, from best to worst. */
public enum Status {
    /** Works as configured. */
    OK,
    /** Works, but probably not as the operator wants (no event will come, a secret others can read, ...). */
    WARNING,
    /** {@code run} would fail, or skip the part checked. */
    ERROR;

    /** As printed and in the JSON document: {@code ok}, {@code warning}, {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

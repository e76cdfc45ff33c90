package io.conntrackd.sink;

/** Receives the fields of an event in output order; see {@link EventFields#visit}. */
public interface FieldVisitor {

    void text(EventField field, String value);

    void integer(EventField field, long value);

    void decimal(EventField field, double value);
}

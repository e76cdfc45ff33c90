package io.conntrackd.sink.journal;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventField;
import io.conntrackd.sink.EventFields;
import io.conntrackd.sink.FieldVisitor;
import io.conntrackd.sink.GoFloat;

/**
 * Turns an event into a journal entry with the original's fields: {@code MESSAGE} (the {@code msg}
 * text), {@code PRIORITY=6} (info), {@code SYSLOG_IDENTIFIER}, then every event field as
 * {@code EVENT_<KEY>} ({@link EventField#journalName()}), in {@link EventFields} order. Numbers are
 * written as decimal text, coordinates as Go printed them. Reuses one entry buffer: not thread-safe.
 */
final class JournalEntryEncoder implements FieldVisitor {

    /** syslog severity "informational", the level the original logs every event at. */
    static final String PRIORITY_INFO = "6";

    private final String identifier;
    private final JournalEntry entry = new JournalEntry();

    /** @param identifier the {@code SYSLOG_IDENTIFIER} value, e.g. {@code conntrackd} */
    JournalEntryEncoder(String identifier) {
        this.identifier = identifier;
    }

    /** The entry for {@code event}; valid until the next call. */
    JournalEntry encode(ConntrackEvent event) {
        entry.clear();
        entry.add("MESSAGE", EventFields.message(event));
        entry.add("PRIORITY", PRIORITY_INFO);
        entry.add("SYSLOG_IDENTIFIER", identifier);
        EventFields.visit(event, this);
        return entry;
    }

    @Override
    public void text(EventField field, String value) {
        entry.add(field.journalName(), value);
    }

    @Override
    public void integer(EventField field, long value) {
        entry.add(field.journalName(), Long.toString(value));
    }

    @Override
    public void decimal(EventField field, double value) {
        entry.add(field.journalName(), GoFloat.format(value));
    }
}

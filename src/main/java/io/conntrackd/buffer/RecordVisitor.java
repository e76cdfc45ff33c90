package io.conntrackd.buffer;

import java.nio.ByteBuffer;

/** Receives the records {@link DiskLog#read} reads, in order. */
@FunctionalInterface
public interface RecordVisitor {

    /**
     * @param timeMillis when the record was appended
     * @param payload    the record's payload, valid only during the call
     * @param end        the position after the record: acknowledge it to release the record
     */
    void record(long timeMillis, ByteBuffer payload, Position end);
}

package io.conntrackd.buffer;

import java.nio.ByteBuffer;

/** Writes an item as a record's payload into a buffer, from its position on (at most {@value SegmentFile#MAX_PAYLOAD} bytes). */
@FunctionalInterface
public interface RecordWriter<T> {
    void write(T item, ByteBuffer out);
}

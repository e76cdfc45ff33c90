package io.conntrackd.buffer;

/**
 * A place in the log: a byte offset in a segment file. Positions are ordered by segment, then offset; the
 * position after a record is where the next one starts.
 */
public record Position(long segment, long offset) implements Comparable<Position> {

    @Override
    public int compareTo(Position other) {
        int bySegment = Long.compare(segment, other.segment);
        return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
    }

    boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return SegmentFile.name(segment) + "@" + offset;
    }
}

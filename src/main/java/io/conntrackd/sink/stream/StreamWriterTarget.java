package io.conntrackd.sink.stream;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;

/** Where the stream sink writes: the original's {@code stdout}, {@code stderr} and {@code discard}. */
public enum StreamWriterTarget {
    STDOUT,
    STDERR,
    /** Formats every event and throws the bytes away (for measuring, or to run with no output). */
    DISCARD;

    /** The raw file stream, bypassing {@link System#out}'s per-call locking and flushing. */
    OutputStream open() {
        return switch (this) {
            case STDOUT -> new FileOutputStream(FileDescriptor.out);
            case STDERR -> new FileOutputStream(FileDescriptor.err);
            case DISCARD -> OutputStream.nullOutputStream();
        };
    }
}

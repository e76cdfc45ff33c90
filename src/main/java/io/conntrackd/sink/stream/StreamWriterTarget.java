package io.conntrackd.sink.stream;

import java.io.FileDescriptor;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.OutputStream;

/** Where the stream sink writes: the original's {@code stdout}, {@code stderr} and {@code discard}. */
public enum StreamWriterTarget {
    STDOUT,
    STDERR,
    /**
     * Formats every event and throws the bytes away (for measuring, or to run with no output). They are written to
     * /dev/null, through the same kind of stream as stdout's, so that the start-up training run, which discards,
     * leaves the JIT compiler the profile of a real write; where /dev/null cannot be opened, nowhere.
     */
    DISCARD;

    /** The raw file stream, bypassing {@link System#out}'s per-call locking and flushing. */
    OutputStream open() {
        return switch (this) {
            case STDOUT -> new FileOutputStream(FileDescriptor.out);
            case STDERR -> new FileOutputStream(FileDescriptor.err);
            case DISCARD -> devNull();
        };
    }

    private static OutputStream devNull() {
        try {
            return new FileOutputStream("/dev/null");
        } catch (FileNotFoundException e) {
            return OutputStream.nullOutputStream();
        }
    }
}

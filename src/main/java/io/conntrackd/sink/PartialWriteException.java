package io.conntrackd.sink;

/**
 * Thrown by a {@link SinkWriter} when some events of a batch could not be written and the others were:
 * only {@link #failed()} events count as failed, the rest as delivered.
 */
public class PartialWriteException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int failed;

    public PartialWriteException(int failed, String message) {
        super(message);
        this.failed = failed;
    }

    /** How many events of the batch were not written. */
    public int failed() {
        return failed;
    }
}

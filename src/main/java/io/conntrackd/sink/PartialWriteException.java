package io.conntrackd.sink;

/**
 * Thrown by {@link SinkWriter#write} when some events of the batch were delivered and others were
 * not, so that each is counted as what it is: the destination takes events one by one (a datagram
 * per event) and may fail in the middle of a batch, for example when it is restarted.
 */
public final class PartialWriteException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int failed;

    /**
     * @param failed how many events of the batch were not delivered (the others were)
     * @param cause  the first failure
     */
    public PartialWriteException(int failed, Exception cause) {
        super(cause.getMessage(), cause);
        this.failed = failed;
    }

    /** How many events of the batch were not delivered. */
    public int failed() {
        return failed;
    }
}

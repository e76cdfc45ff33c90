package io.conntrackd.sink;

/** What became of an event handed to a sink. Every event ends in exactly one of these; see {@link EventBatch}. */
public enum Outcome {
    /** The destination took the event. */
    DELIVERED,
    /** Its delivery was attempted and failed: the destination refused it, was gone, or retries ran out. */
    FAILED,
    /** It was never attempted: no room in a queue or buffer, or shutdown came first. */
    DROPPED
}

package io.conntrackd.sink.loki;

/**
 * When a batch is pushed, and how much may wait.
 *
 * @param lines       a batch is pushed when it has this many entries...
 * @param bytes       ... or this many bytes of encoded entries...
 * @param waitMillis  ... or when its first entry has waited this long
 * @param bufferBytes all batches not yet delivered together stay within this many bytes; entries
 *                    beyond it are dropped and counted
 */
record BatchLimits(int lines, long bytes, long waitMillis, long bufferBytes) {

    BatchLimits {
        if (lines < 1 || bytes < 1 || waitMillis < 0 || bufferBytes < bytes) {
            throw new IllegalArgumentException("invalid batch limits: lines=" + lines + " bytes=" + bytes
                    + " waitMillis=" + waitMillis + " bufferBytes=" + bufferBytes
                    + " (need lines >= 1, bytes >= 1, waitMillis >= 0, bufferBytes >= bytes)");
        }
    }
}

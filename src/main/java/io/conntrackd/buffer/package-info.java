/**
 * A durable, bounded, ordered log of records on disk: the disk buffer of the network sinks. Records are
 * appended to segment files, read back in order and released once acknowledged; a crash loses at most
 * what was written since the last sync, and damaged records are skipped and counted, never fatal.
 * Knows nothing of Camel; {@link io.conntrackd.buffer.EventRecords} turns conntrack events into records.
 * The format and its guarantees: docs/operations.md ("Disk buffer").
 */
package io.conntrackd.buffer;

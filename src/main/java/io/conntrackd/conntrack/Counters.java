package io.conntrackd.conntrack;

/**
 * Packet and byte counters of one direction (CTA_COUNTERS_ORIG/REPLY). The kernel sends them only
 * when {@code net.netfilter.nf_conntrack_acct} is on.
 */
public record Counters(long packets, long bytes) {
}

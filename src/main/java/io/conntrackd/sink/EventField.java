package io.conntrackd.sink;

import java.util.Locale;

/**
 * The fields of a logged event, in output order. The first group is the original tool's contract
 * (names, types and order are fixed); the rest are our additions and follow them.
 */
public enum EventField {
    TYPE("type"),
    FLOW("flow"),
    PROT("prot"),
    SRC_ADDR("src_addr"),
    DST_ADDR("dst_addr"),
    SRC_PORT("src_port"),
    DST_PORT("dst_port"),
    TCP_STATE("tcp_state"),
    SRC_CITY("src_city"),
    SRC_COUNTRY("src_country"),
    SRC_LAT("src_lat"),
    SRC_LON("src_lon"),
    DST_CITY("dst_city"),
    DST_COUNTRY("dst_country"),
    DST_LAT("dst_lat"),
    DST_LON("dst_lon"),
    // additions beyond the original
    SRC_COUNTRY_CODE("src_country_code"),
    SRC_ASN("src_asn"),
    SRC_AS_ORG("src_as_org"),
    DST_COUNTRY_CODE("dst_country_code"),
    DST_ASN("dst_asn"),
    DST_AS_ORG("dst_as_org"),
    REPLY_SRC_ADDR("reply_src_addr"),
    REPLY_DST_ADDR("reply_dst_addr"),
    REPLY_SRC_PORT("reply_src_port"),
    REPLY_DST_PORT("reply_dst_port"),
    MARK("mark"),
    ZONE("zone"),
    NETNS_ID("netns_id"),
    NETNS("netns"),
    ORIG_PACKETS("orig_packets"),
    ORIG_BYTES("orig_bytes"),
    REPLY_PACKETS("reply_packets"),
    REPLY_BYTES("reply_bytes"),
    FLOW_START("flow_start"),
    FLOW_STOP("flow_stop");

    private final String key;
    private final String journalName;

    EventField(String key) {
        this.key = key;
        this.journalName = "EVENT_" + key.toUpperCase(Locale.ROOT);
    }

    /** The field's name in JSON output, Loki metadata and the like, e.g. {@code src_addr}. */
    public String key() {
        return key;
    }

    /** The field's name as a journal field, e.g. {@code EVENT_SRC_ADDR}. */
    public String journalName() {
        return journalName;
    }
}

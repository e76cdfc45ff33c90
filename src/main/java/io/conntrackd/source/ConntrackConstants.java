package io.conntrackd.source;

import org.apache.camel.spi.Metadata;

/** Headers that the {@code conntrack} consumer sets on each exchange. */
public final class ConntrackConstants {

    @Metadata(description = "The event type: NEW, UPDATE or DESTROY (only when batchSize is 1).",
              javaType = "String")
    public static final String EVENT_TYPE = "CamelConntrackEventType";

    @Metadata(description = "The transport protocol: TCP or UDP (only when batchSize is 1).",
              javaType = "String")
    public static final String PROTOCOL = "CamelConntrackProtocol";

    @Metadata(description = "The kernel's flow id (CTA_ID) of the event (only when batchSize is 1).",
              javaType = "Long")
    public static final String FLOW_ID = "CamelConntrackFlowId";

    @Metadata(description = "The number of events in the body.", javaType = "Integer")
    public static final String EVENT_COUNT = "CamelConntrackEventCount";

    private ConntrackConstants() {
    }
}

package io.conntrackd.conntrack;

import java.util.Objects;

/** One direction of a flow: source and destination address and port (CTA_TUPLE_ORIG or CTA_TUPLE_REPLY). */
public record Tuple(IpAddress source, IpAddress destination, int sourcePort, int destinationPort) {

    public Tuple {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /** The tuple the reply direction would have without NAT: source and destination swapped. */
    public Tuple inverse() {
        return new Tuple(destination, source, destinationPort, sourcePort);
    }
}

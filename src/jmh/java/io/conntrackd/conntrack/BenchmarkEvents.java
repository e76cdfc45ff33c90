package io.conntrackd.conntrack;

import java.util.ArrayList;
import java.util.List;

import io.conntrackd.testing.TestEvents;

/** The events the sink benchmarks write: TCP/IPv4 and UDP/IPv6, NEW, UPDATE and DESTROY, with or without GeoIP. */
public final class BenchmarkEvents {

    private static final Location BERLIN = new Location("Berlin", "Germany", "DE", 52.5244, 13.4105, 3320,
            "Deutsche Telekom AG");
    private static final Location SYDNEY = new Location("Sydney", "Australia", "AU", -33.8678, 151.2073, 1221,
            "Telstra Limited");

    private BenchmarkEvents() {
    }

    /**
     * {@code size} events; {@code geoip} {@code none}, or {@code city+asn}: both ends located (city, country,
     * coordinates, AS) as with a City and an ASN database.
     */
    public static List<ConntrackEvent> batch(int size, String geoip) {
        EventType[] types = EventType.values();
        List<ConntrackEvent> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ConntrackEvent event = i % 2 == 0
                    ? TestEvents.event(types[i % 3], Protocol.TCP, "10.0.0." + (i % 250 + 1), 40000 + i,
                            "93.184.216.34", 443)
                    : TestEvents.event(types[i % 3], Protocol.UDP, "2003:cf:1716:7b64:da80:83ff:fecd:" + i, 5353,
                            "2a01:4f8::2", 53);
            batch.add(geoip.equals("none") ? event : event.withLocations(BERLIN, SYDNEY));
        }
        return batch;
    }
}

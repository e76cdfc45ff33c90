package io.conntrackd.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import io.conntrackd.conntrack.AddressCache;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Counters;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.conntrack.TcpState;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

    @Test
    void aPlainTcpEventIsFiftyTwoBytesFieldByField() {
        String expected = "01" // format version
                + "03"          // presence: reply, TCP state
                + "00" + "02" + "06" + "01" // NEW, AF_INET, IPPROTO_TCP, SYN_SENT
                + "ee6c0a3b"    // flow id 4000057915
                + "04" + "0a000001" + "04" + "5db8d822" + "a31c" + "01bb" // 10.0.0.1:41756 -> 93.184.216.34:443
                + "04" + "5db8d822" + "04" + "0a000001" + "01bb" + "a31c" // reply: the inverse
                + "01010101"    // status, mark, zone, timeout: -1 (absent), zigzag
                + "0101"        // start, stop: -1
                + "187b3cc88bd4e2e5"; // received: 1764070511082791653 ns
        assertThat(HexFormat.of().formatHex(bytes(TestEvents.tcp4()))).isEqualTo(expected);
    }

    @Test
    void everyFieldComesBackIncludingLocationsAndTheReceivedTime() {
        Location source = new Location("Zürich", "Switzerland", "CH", 47.3769, 8.5417, 13030, "Init7 (Switzerland) Ltd.");
        Location destination = new Location(null, "Germany", "DE", Double.NaN, Double.NaN, 0, null);
        ConntrackEvent event = TestEvents.builder(EventType.DESTROY, Protocol.TCP,
                        TestEvents.tuple("2003:cf:1716:7b64:da80:83ff:fecd:da51", 41756, "2a01:4f8:160:5372::2", 443))
                .reply(TestEvents.tuple("2a01:4f8:160:5372::2", 443, "2003:cf::1", 61000))
                .tcpState(TcpState.TIME_WAIT)
                .status(0x1ce).mark(42).zone(7).timeout(120)
                .originalCounters(new Counters(12, 3456)).replyCounters(new Counters(10, 789_012_345_678L))
                .startNanos(1_764_070_500_000_000_001L).stopNanos(1_764_070_511_000_000_002L)
                .build()
                .withLocations(source, destination);

        ConntrackEvent back = EventRecords.read(ByteBuffer.wrap(bytes(event)), new AddressCache(), new Locations());

        assertThat(back).isEqualTo(event);
        assertThat(back.sourceLocation().city()).isEqualTo("Zürich");
        assertThat(back.destinationLocation().latitude()).isNaN();
        assertThat(back.reply().destination()).hasToString("2003:cf::1");
        assertThat(back.receivedNanos()).isEqualTo(1_764_070_511_082_791_653L);
        assertThat(back.replyCounters().bytes()).isEqualTo(789_012_345_678L);
    }

    @Test
    void aRecurringAddressOrPlaceIsOneObject() {
        Location berlin = new Location("Berlin", "Germany", "DE", 52.5244, 13.4105, 3320, "Deutsche Telekom AG");
        Location sydney = new Location("Sydney", "Australia", "AU", -33.8678, 151.2073, 1221, "Telstra Limited");
        AddressCache addresses = new AddressCache();
        Locations locations = new Locations();
        ConntrackEvent first = EventRecords.read(ByteBuffer.wrap(bytes(TestEvents.tcp4().withLocations(berlin, sydney))),
                addresses, locations);
        ConntrackEvent second = EventRecords.read(ByteBuffer.wrap(bytes(TestEvents.tcp4().withLocations(berlin, berlin))),
                addresses, locations);

        assertThat(second.sourceLocation()).isSameAs(first.sourceLocation()).isEqualTo(berlin);
        assertThat(second.destinationLocation()).isSameAs(first.sourceLocation());
        assertThat(first.destinationLocation()).isEqualTo(sydney);
        assertThat(second.original().source()).isSameAs(first.original().source());
    }

    @Test
    void theNamespaceOfAnEventFromAnotherComesBackAfterTheReceivedTime() {
        ConntrackEvent event = TestEvents.tcp4FromNamespace();
        String hex = HexFormat.of().formatHex(bytes(event));
        assertThat(hex).startsWith("0143") // presence: reply, TCP state, namespace
                .endsWith("187b3cc88bd4e2e5" + "07" + "04" + "776562"); // received; id 7; "web" (length + 1)
        assertThat(EventRecords.read(ByteBuffer.wrap(bytes(event)), new AddressCache(), new Locations()))
                .isEqualTo(event);
        ConntrackEvent unnamed = TestEvents.builder(EventType.NEW, Protocol.UDP, TestEvents.tuple("::1", 1, "::1", 2))
                .namespace(new PeerNamespace(300, null)).build();
        assertThat(EventRecords.read(ByteBuffer.wrap(bytes(unnamed)), new AddressCache(), new Locations()))
                .isEqualTo(unnamed);
    }

    @Test
    void aUdpEventWithoutOptionalFieldsComesBack() {
        ConntrackEvent event = TestEvents.udp6();
        assertThat(EventRecords.read(ByteBuffer.wrap(bytes(event)), new AddressCache(), new Locations())).isEqualTo(event);
    }

    @Test
    void aRecordOfAnotherFormatVersionIsRefusedByName() {
        byte[] b = bytes(TestEvents.tcp4());
        b[0] = 2;
        assertThatThrownBy(() -> EventRecords.read(ByteBuffer.wrap(b), new AddressCache(), new Locations()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an event record of format version 2, not 1");
    }

    static byte[] bytes(ConntrackEvent event) {
        ByteBuffer out = ByteBuffer.allocate(1024);
        EventRecords.write(event, out);
        byte[] b = new byte[out.position()];
        out.flip().get(b);
        return b;
    }
}

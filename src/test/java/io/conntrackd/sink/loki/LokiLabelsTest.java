package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LokiLabelsTest {

    @Test
    void everyStreamHasOnlyTheLowCardinalityLabels() {
        LokiLabels labels = LokiLabels.of("box", Map.of());
        Set<Map<String, String>> all = new HashSet<>();
        for (EventType t : EventType.values()) {
            for (Protocol p : Protocol.values()) {
                Map<String, String> stream = labels.stream(LokiLabels.streamIndex(t, p));
                assertThat(stream).containsExactly(Map.entry("service_name", "conntrackd"), Map.entry("host", "box"),
                        Map.entry("type", t.name()), Map.entry("prot", p.name()));
                all.add(stream);
            }
        }
        assertThat(all).hasSize(labels.streamCount()).hasSize(6);
    }

    @Test
    void userLabelsComeAfterTheFixedOnesAndMayOverrideHostAndServiceName() {
        LokiLabels labels = LokiLabels.of("box", LokiLabels.parse(List.of("env=prod,host=myhost", "team = net")));
        assertThat(labels.stream(LokiLabels.streamIndex(EventType.NEW, Protocol.UDP))).containsExactly(
                Map.entry("service_name", "conntrackd"), Map.entry("host", "myhost"), Map.entry("env", "prod"),
                Map.entry("team", "net"), Map.entry("type", "NEW"), Map.entry("prot", "UDP"));
    }

    @Test
    void streamJsonIsTheLabelObject() throws Exception {
        LokiLabels labels = LokiLabels.of("b\"ox", Map.of("env", "prod"));
        int i = LokiLabels.streamIndex(EventType.DESTROY, Protocol.TCP);
        assertThat(new ObjectMapper().readValue(labels.streamJson(i), Map.class)).isEqualTo(labels.stream(i));
    }

    @Test
    void parsesEmptyInputToNoLabels() {
        assertThat(LokiLabels.parse(List.of())).isEmpty();
        assertThat(LokiLabels.parse(List.of("", " , "))).isEmpty();
    }

    @Test
    void refusesALabelWithoutEquals() {
        assertThatThrownBy(() -> LokiLabels.parse(List.of("env=prod,oops")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"oops\" is not key=value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1env=x", "env-x=y", "__meta=z", "=v", "e.nv=v"})
    void refusesLabelNamesLokiRefuses(String item) {
        assertThatThrownBy(() -> LokiLabels.parse(List.of(item))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label name");
    }

    @Test
    void refusesReservedNamesAndEmptyValues() {
        assertThatThrownBy(() -> LokiLabels.parse(List.of("type=x"))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> LokiLabels.parse(List.of("prot=x"))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> LokiLabels.parse(List.of("env="))).hasMessageContaining("empty value");
    }

    @Test
    void refusesMoreLabelsThanLokiAccepts() {
        Map<String, String> user = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            user.put("l" + i, "v");
        }
        assertThat(LokiLabels.of("box", user).stream(0)).hasSize(LokiLabels.MAX_LABELS);
        user.put("one_more", "v");
        assertThatThrownBy(() -> LokiLabels.of("box", user)).hasMessageContaining("too many labels: 16");
    }

    @Test
    void onlyTypeAndProtocolFieldsAreLabels() {
        for (EventField f : EventField.values()) {
            assertThat(LokiLabels.isLabel(f)).as(f.key()).isEqualTo(f == EventField.TYPE || f == EventField.PROT);
        }
    }
}

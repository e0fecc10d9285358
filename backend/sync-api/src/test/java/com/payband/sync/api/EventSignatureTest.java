package com.payband.sync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSignatureTest {

    private static SyncEvent event(Map<String, Object> payload) {
        return new SyncEvent("6f1c2a43-8a2e-4d7a-9d0e-0c1f6a1b2c3d", "binding.state-changed", "binding-1",
                "2026-12-04T10:00:00Z", false, payload);
    }

    @Test
    void theSignedBytesDependOnEveryFieldButNotOnTheOrderOfThePayload() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("state", "DEACTIVATED");
        a.put("reason", "STOLEN");
        a.put("staff", "agent wang");
        a.put("note", null);
        Map<String, Object> b = new HashMap<>();
        b.put("staff", "agent wang");
        b.put("note", null);
        b.put("reason", "STOLEN");
        b.put("state", "DEACTIVATED");
        assertThat(EventSignature.toBeSigned(event(a))).isEqualTo(EventSignature.toBeSigned(event(b)));

        Map<String, Object> other = new HashMap<>(b);
        other.put("reason", "LOST");
        assertThat(EventSignature.toBeSigned(event(other))).isNotEqualTo(EventSignature.toBeSigned(event(b)));
        // a null is not an empty text, and a field's end is not movable into the next one
        Map<String, Object> empty = new HashMap<>(b);
        empty.put("note", "");
        assertThat(EventSignature.toBeSigned(event(empty))).isNotEqualTo(EventSignature.toBeSigned(event(b)));
        SyncEvent simulated = new SyncEvent(event(b).eventId(), event(b).type(), event(b).aggregateId(),
                event(b).occurredAt(), true, b);
        assertThat(EventSignature.toBeSigned(simulated)).isNotEqualTo(EventSignature.toBeSigned(event(b)));
        // the signature itself is not part of what is signed
        assertThat(EventSignature.toBeSigned(event(b).signed("AAAA"))).isEqualTo(EventSignature.toBeSigned(event(b)));
    }

    @Test
    void onlyFlatPayloadsAreSignableAndOnlyStateChangesMustBe() {
        assertThatThrownBy(() -> EventSignature.toBeSigned(event(Map.of("nested", List.of(1)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventSignature.toBeSigned(event(Map.of("amount", 1.5))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EventSignature.toBeSigned(event(Map.of("count", 3)))).isEqualTo(
                EventSignature.toBeSigned(event(Map.of("count", 3L))));
        assertThat(EventSignature.required(event(Map.of()))).isTrue();
        assertThat(EventSignature.required(event(Map.of("reason", "STOLEN")))).isTrue();
        // the end of a bind is the band's answer, not a request
        assertThat(EventSignature.required(event(Map.of("reason", "BIND_CONFIRMED")))).isFalse();
        assertThat(EventSignature.required(new SyncEvent("x", "binding.created", "b", "t", false, Map.of()))).isFalse();
    }
}

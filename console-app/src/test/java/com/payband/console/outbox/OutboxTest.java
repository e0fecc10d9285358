package com.payband.console.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox as the push uses it: the next events read without the batch on its way, and a batch marked as the
 * backend answered, row by row; nothing outside the batch and nothing already answered changes.
 */
class OutboxTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30.123456Z");

    @TempDir
    Path dir;

    @Test
    void aBatchIsReadAndMarkedAsTheBackendAnsweredAndNothingElseChanges() throws Exception {
        try (ConsoleServices services = TestStores.create(dir.resolve("store"), Clock.fixed(NOW, ZoneOffset.UTC))) {
            Outbox outbox = services.outbox();
            List<OutboxEvent> appended = services.database().inTransaction(s -> {
                List<OutboxEvent> events = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    events.add(outbox.append(s, "binding.created", "binding-" + i, Map.of("n", i), i == 1)); // b simulated
                }
                return events;
            });
            OutboxEvent a = appended.get(0);
            OutboxEvent b = appended.get(1);
            OutboxEvent c = appended.get(2);
            OutboxEvent d = appended.get(3);
            OutboxEvent e = appended.get(4);
            outbox.settle(Map.of(e.eventId(), e.id()), Set.of(e.eventId()), Map.of()); // an earlier push's

            List<Outbox.Pending> next = outbox.pending(10, Set.of(a.id()));
            assertThat(next).extracting(Outbox.Pending::eventId).as("a on its way, e delivered")
                    .containsExactly(b.eventId(), c.eventId(), d.eventId());
            Outbox.Pending first = next.get(0);
            assertThat(first.id()).isEqualTo(b.id());
            assertThat(first.eventType()).isEqualTo("binding.created");
            assertThat(first.aggregateId()).isEqualTo("binding-1");
            assertThat(first.createdAt()).isEqualTo(NOW);
            assertThat(first.simulated()).isTrue();
            assertThat(first.payload()).isEqualTo(Map.of("n", 1));
            assertThat(next.get(1).simulated()).isFalse();

            // a and e delivered (e again), b refused, c unanswered; d's event paired with another row, and d's
            // own event id answered without being in the batch: neither may touch a row
            Map<UUID, Long> batch = Map.of(a.eventId(), a.id(), b.eventId(), b.id(), c.eventId(), c.id(),
                    e.eventId(), e.id(), UUID.randomUUID(), d.id());
            outbox.settle(batch, Set.of(a.eventId(), e.eventId(), d.eventId()),
                    Map.of(b.eventId(), "ISSUER_UNKNOWN", d.eventId(), "BAD"));

            services.database().runInTransaction(s -> {
                OutboxEvent sent = s.find(OutboxEvent.class, a.id());
                assertThat(sent.status()).isEqualTo(OutboxEvent.Status.SENT);
                assertThat(sent.sentAt()).isEqualTo(NOW);
                assertThat(sent.attempts()).isEqualTo(1);
                OutboxEvent refused = s.find(OutboxEvent.class, b.id());
                assertThat(refused.status()).isEqualTo(OutboxEvent.Status.REJECTED);
                assertThat(refused.rejection()).isEqualTo("ISSUER_UNKNOWN");
                assertThat(refused.sentAt()).isEqualTo(NOW);
                assertThat(refused.attempts()).isEqualTo(1);
                OutboxEvent unanswered = s.find(OutboxEvent.class, c.id());
                assertThat(unanswered.status()).isEqualTo(OutboxEvent.Status.PENDING);
                assertThat(unanswered.sentAt()).isNull();
                assertThat(unanswered.rejection()).isNull();
                assertThat(unanswered.attempts()).isEqualTo(1);
                OutboxEvent outside = s.find(OutboxEvent.class, d.id());
                assertThat(outside.status()).isEqualTo(OutboxEvent.Status.PENDING);
                assertThat(outside.attempts()).as("not in the batch: untouched").isZero();
                assertThat(s.find(OutboxEvent.class, e.id()).attempts()).as("answered before: untouched").isEqualTo(1);
            });
            assertThat(outbox.pending(10)).extracting(Outbox.Pending::eventId)
                    .containsExactly(c.eventId(), d.eventId());
        }
    }
}

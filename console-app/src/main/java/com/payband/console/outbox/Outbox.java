package com.payband.console.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.console.crypto.FieldCipher;
import com.payband.console.store.Database;
import com.payband.console.store.TimeOrderedIds;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

/** Appends events for the backend within the caller's transaction. */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final FieldCipher cipher;
    private final Clock clock;

    public Outbox(Database database, FieldCipher cipher, Clock clock) {
        this.database = database;
        this.cipher = cipher;
        this.clock = clock;
    }

    public OutboxEvent append(Session session, String eventType, String aggregateId, Map<String, ?> payload,
            boolean simulated) {
        return append(session, eventType, aggregateId, payload, simulated, false);
    }

    /**
     * @param urgent sent before every routine event (a lost or stolen report): the aggregate's earlier pending
     *               events become urgent with it, so that the backend still receives each aggregate's events in order
     */
    public OutboxEvent append(Session session, String eventType, String aggregateId, Map<String, ?> payload,
            boolean simulated, boolean urgent) {
        java.time.Instant now = clock.instant();
        UUID eventId = TimeOrderedIds.next(now);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload must be plain JSON values", e);
        }
        OutboxEvent event = new OutboxEvent(eventId, eventType, aggregateId, cipher.encrypt(json, context(eventId)),
                now, simulated);
        if (urgent) {
            event.urgent();
            session.createMutationQuery("update OutboxEvent e set e.priority = 1 where e.aggregateId = :a"
                    + " and e.status = :p and e.priority = 0").setParameter("a", aggregateId)
                    .setParameter("p", OutboxEvent.Status.PENDING).executeUpdate();
        }
        session.persist(event);
        return event;
    }

    /** The payload in clear, for the sync client. */
    public Map<String, Object> payloadOf(OutboxEvent event) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = JSON.readValue(cipher.decrypt(event.sealedPayload(), context(event.eventId())),
                    Map.class);
            return payload;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("outbox payload unreadable", e);
        }
    }

    /** An event on its way out: what the sync client sends. */
    public record Pending(long id, UUID eventId, String eventType, String aggregateId, java.time.Instant createdAt,
            boolean simulated, Map<String, Object> payload) {
    }

    /**
     * The next pending events: the urgent ones first (lost and stolen reports, with their binding's earlier events),
     * then the oldest; each aggregate's in the order they were written (the backend keeps that order).
     */
    public java.util.List<Pending> pending(int limit) {
        return pending(limit, java.util.Set.of());
    }

    /** The next pending events but those in {@code skip} (a batch on its way, not answered yet). */
    public java.util.List<Pending> pending(int limit, java.util.Set<UUID> skip) {
        // "order by e.status" first (one value here) lets H2 read ix_outbox_pending in order and stop at the limit;
        // without it H2 sorted every pending event for each batch, which made a long queue's push quadratic. Read
        // only: Hibernate keeps no snapshot of the events and checks none of them for changes at the commit. The
        // events to skip are read and dropped here (a "not in" of 500 ids would be checked against every row).
        return database.inTransaction(s -> s.createSelectionQuery(
                "from OutboxEvent e where e.status = :p order by e.status, e.priority desc, e.id", OutboxEvent.class)
                .setParameter("p", OutboxEvent.Status.PENDING).setMaxResults(limit + skip.size()).setReadOnly(true)
                .getResultList().stream()
                .filter(e -> !skip.contains(e.eventId()))
                .limit(limit)
                .map(e -> new Pending(e.id(), e.eventId(), e.eventType(), e.aggregateId(), e.createdAt(), e.simulated(),
                        payloadOf(e)))
                .toList());
    }

    /**
     * What the backend made of a push: {@code sent} delivered (stored now or before), {@code rejected} refused for
     * good (event id to the backend's reason); every other event of the batch counts one more attempt.
     */
    public void settle(java.util.Collection<UUID> attempted, java.util.Set<UUID> sent, Map<UUID, String> rejected) {
        java.time.Instant now = clock.instant();
        java.util.List<UUID> tried = java.util.List.copyOf(attempted);
        database.runInTransaction(s -> {
            // bulk statements (a batch is up to 500 events): only events still PENDING change
            java.util.List<UUID> unanswered = tried.stream()
                    .filter(id -> !sent.contains(id) && !rejected.containsKey(id)).toList();
            for (int from = 0; from < unanswered.size(); from += 500) {
                s.createMutationQuery("update OutboxEvent e set e.attempts = e.attempts + 1, e.lastAttemptAt = :now"
                        + " where e.eventId in :ids and e.status = :p").setParameter("now", now)
                        .setParameter("ids", unanswered.subList(from, Math.min(unanswered.size(), from + 500)))
                        .setParameter("p", OutboxEvent.Status.PENDING).executeUpdate();
            }
            java.util.List<UUID> delivered = java.util.List.copyOf(sent);
            for (int from = 0; from < delivered.size(); from += 500) {
                s.createMutationQuery("update OutboxEvent e set e.status = :sent, e.sentAt = :now,"
                        + " e.attempts = e.attempts + 1, e.lastAttemptAt = :now"
                        + " where e.eventId in :ids and e.status = :p").setParameter("sent", OutboxEvent.Status.SENT)
                        .setParameter("now", now)
                        .setParameter("ids", delivered.subList(from, Math.min(delivered.size(), from + 500)))
                        .setParameter("p", OutboxEvent.Status.PENDING).executeUpdate();
            }
            for (Map.Entry<UUID, String> r : rejected.entrySet()) {
                String why = r.getValue() == null ? "REJECTED" : r.getValue().substring(0, Math.min(64, r.getValue().length()));
                s.createMutationQuery("update OutboxEvent e set e.status = :rejected, e.rejection = :why, e.sentAt = :now,"
                        + " e.attempts = e.attempts + 1, e.lastAttemptAt = :now where e.eventId = :id and e.status = :p")
                        .setParameter("rejected", OutboxEvent.Status.REJECTED)
                        .setParameter("why", why).setParameter("now", now).setParameter("id", r.getKey())
                        .setParameter("p", OutboxEvent.Status.PENDING).executeUpdate();
            }
        });
    }

    /**
     * Keeps these pending events here for good (status ELSEWHERE): changes of bindings that the current backend's
     * issuer does not know (made under an earlier registration), which must not go to it.
     */
    public void keepElsewhere(java.util.Collection<UUID> ids) {
        java.util.List<UUID> held = java.util.List.copyOf(ids);
        database.runInTransaction(s -> {
            for (int from = 0; from < held.size(); from += 500) {
                s.createMutationQuery("update OutboxEvent e set e.status = :elsewhere where e.eventId in :ids"
                        + " and e.status = :p").setParameter("elsewhere", OutboxEvent.Status.ELSEWHERE)
                        .setParameter("ids", held.subList(from, Math.min(held.size(), from + 500)))
                        .setParameter("p", OutboxEvent.Status.PENDING).executeUpdate();
            }
        });
    }

    /** Changes kept here because the binding's backend is not the current one (see {@link #keepElsewhere}). */
    public long elsewhereCount() {
        return database.inTransaction(s -> s.createSelectionQuery(
                "select count(e) from OutboxEvent e where e.status = :e", Long.class)
                .setParameter("e", OutboxEvent.Status.ELSEWHERE).getSingleResult());
    }

    public long rejectedCount() {
        return database.inTransaction(s -> s.createSelectionQuery(
                "select count(e) from OutboxEvent e where e.status = :r", Long.class)
                .setParameter("r", OutboxEvent.Status.REJECTED).getSingleResult());
    }

    /** Urgent events (lost and stolen reports) not yet at the backend: not yet effective in other stores. */
    public long urgentPendingCount() {
        return database.inTransaction(s -> s.createSelectionQuery(
                "select count(e) from OutboxEvent e where e.status = :p and e.priority > 0", Long.class)
                .setParameter("p", OutboxEvent.Status.PENDING).getSingleResult());
    }

    /** Events about this aggregate (a binding) not yet at the backend. */
    public long pendingCountOf(String aggregateId) {
        return database.inTransaction(s -> s.createSelectionQuery(
                "select count(e) from OutboxEvent e where e.status = :p and e.aggregateId = :a", Long.class)
                .setParameter("p", OutboxEvent.Status.PENDING).setParameter("a", aggregateId).getSingleResult());
    }

    public long pendingCount() {
        return database.inTransaction(s -> s.createSelectionQuery(
                "select count(e) from OutboxEvent e where e.status = :p", Long.class)
                .setParameter("p", OutboxEvent.Status.PENDING).getSingleResult());
    }

    private static String context(UUID eventId) {
        return "outbox/" + eventId;
    }
}

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

/**
 * The events for the backend: appended within the caller's transaction, read in the order they leave and marked with
 * the backend's answers (each in a transaction of its own).
 */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The next pending rows in the order they leave: the urgent first, then the oldest (see ix_outbox_pending). */
    private static final String NEXT = "SELECT id, event_id, event_type, aggregate_id, payload, created_at, simulated"
            + " FROM outbox_event WHERE status = ? ORDER BY status, priority DESC, id LIMIT ?";
    /**
     * The backend's answer for one row, found by its primary key and checked against its event id: a new status
     * (delivered or refused) or none (unanswered), the reason of a refusal; only a PENDING row changes.
     */
    private static final String MARK = "UPDATE outbox_event SET status = COALESCE(CAST(? AS VARCHAR(16)), status),"
            + " rejection = COALESCE(CAST(? AS VARCHAR(64)), rejection),"
            + " sent_at = COALESCE(CAST(? AS TIMESTAMP(6) WITH TIME ZONE), sent_at),"
            + " attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND event_id = ? AND status = ?";

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
        return payloadOf(event.sealedPayload(), event.eventId());
    }

    private Map<String, Object> payloadOf(byte[] sealed, UUID eventId) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = JSON.readValue(cipher.decrypt(sealed, context(eventId)), Map.class);
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

    /** The next pending events but those in {@code skip} (rows of a batch on its way, not answered yet). */
    public java.util.List<Pending> pending(int limit, java.util.Collection<Long> skip) {
        java.util.Set<Long> onItsWay = skip instanceof java.util.Set<Long> set ? set : java.util.Set.copyOf(skip);
        // "ORDER BY status" first (one value here) lets H2 read ix_outbox_pending in order and stop at the limit;
        // without it H2 sorted every pending event for each batch, which made a long queue's push quadratic. The rows
        // to skip are read and dropped here (a "not in" of 500 ids would be checked against every row). Plain JDBC:
        // the rows are only read, and making Hibernate entities of them cost more than reading them (a profile).
        return database.inTransaction(s -> s.doReturningWork(c -> {
            java.util.List<Pending> next = new java.util.ArrayList<>(Math.min(limit, 1000));
            try (java.sql.PreparedStatement q = c.prepareStatement(NEXT)) {
                q.setString(1, OutboxEvent.Status.PENDING.name());
                q.setLong(2, Math.min(Integer.MAX_VALUE, (long) limit + onItsWay.size()));
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    while (next.size() < limit && rs.next()) {
                        long row = rs.getLong(1);
                        if (!onItsWay.contains(row)) {
                            UUID eventId = rs.getObject(2, UUID.class);
                            next.add(new Pending(row, eventId, rs.getString(3), rs.getString(4),
                                    rs.getObject(6, java.time.OffsetDateTime.class).toInstant(), rs.getBoolean(7),
                                    payloadOf(rs.getBytes(5), eventId)));
                        }
                    }
                }
            }
            return java.util.List.copyOf(next);
        }));
    }

    /**
     * What the backend made of a push: {@code sent} delivered (stored now or before), {@code rejected} refused for
     * good (event id to the backend's reason); every other event of the batch counts one more attempt. Answers for
     * events not in {@code attempted} change nothing.
     *
     * @param attempted the batch: each event's id to its row (the updates find the rows by their primary key)
     */
    public void settle(Map<UUID, Long> attempted, java.util.Set<UUID> sent, Map<UUID, String> rejected) {
        java.time.OffsetDateTime at = java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        // the rows in ascending order, as every other writer of the outbox takes its rows' locks (an urgent report
        // raises its binding's rows through ix_outbox_pending), so that a report made during a push never deadlocks
        java.util.List<Map.Entry<UUID, Long>> rows = new java.util.ArrayList<>(attempted.entrySet());
        rows.sort(Map.Entry.comparingByValue());
        // One statement run for each row in a JDBC batch: with "event_id in (500 parameters)" H2 checked the list
        // against each of the 500 rows it found (83 of the console thread's 531 samples in a profile of the push),
        // and Hibernate translated the statement anew at each call. One transaction: all of the batch or none.
        database.runInTransaction(s -> s.doWork(c -> {
            try (java.sql.PreparedStatement mark = c.prepareStatement(MARK)) {
                for (Map.Entry<UUID, Long> row : rows) {
                    String why = rejected.get(row.getKey());
                    boolean refused = rejected.containsKey(row.getKey());
                    boolean delivered = !refused && sent.contains(row.getKey());
                    mark.setString(1, refused ? OutboxEvent.Status.REJECTED.name()
                            : delivered ? OutboxEvent.Status.SENT.name() : null);
                    mark.setString(2, refused ? (why == null ? "REJECTED" : why.substring(0, Math.min(64, why.length())))
                            : null);
                    mark.setObject(3, refused || delivered ? at : null);
                    mark.setObject(4, at);
                    mark.setLong(5, row.getValue());
                    mark.setObject(6, row.getKey());
                    mark.setString(7, OutboxEvent.Status.PENDING.name());
                    mark.addBatch();
                }
                if (!rows.isEmpty()) {
                    mark.executeBatch();
                }
            }
        }));
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

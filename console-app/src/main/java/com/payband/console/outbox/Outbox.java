package com.payband.console.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.console.crypto.FieldCipher;
import com.payband.console.store.Database;
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
        UUID eventId = UUID.randomUUID();
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload must be plain JSON values", e);
        }
        OutboxEvent event = new OutboxEvent(eventId, eventType, aggregateId, cipher.encrypt(json, context(eventId)),
                clock.instant(), simulated);
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

    public long pendingCount() {
        return database.inTransaction(s -> s.createSelectionQuery(
                "select count(e) from OutboxEvent e where e.status = :p", Long.class)
                .setParameter("p", OutboxEvent.Status.PENDING).getSingleResult());
    }

    private static String context(UUID eventId) {
        return "outbox/" + eventId;
    }
}

package com.payband.sync.api;

import java.util.Map;

/**
 * One change a console made, as its outbox recorded it in the same transaction as the change.
 *
 * @param eventId     the idempotency key: the backend applies an event id once, whatever the retries
 * @param type        {@code binding.created}, {@code binding.state-changed}, ...
 * @param aggregateId what the event is about (a binding's id): the backend keeps each aggregate's events in the
 *                    order the console sent them
 * @param occurredAt  when the console committed the change (ISO-8601 instant)
 * @param simulated   made by a simulator (simulated bands, cards or issuer): a backend takes these only when it
 *                    is set to (the demo and training backends)
 * @param payload     the event's fields (no personal data: ids, serials, states, reasons, times)
 * @param signature   the console's signature (base64, ECDSA P-256 with SHA-256, DER) over
 *                    {@link EventSignature#toBeSigned}, made with the key of the certificate it is pushed with; required
 *                    for the types in {@link EventSignature#SIGNED_TYPES}, absent otherwise
 */
public record SyncEvent(String eventId, String type, String aggregateId, String occurredAt, boolean simulated,
        Map<String, Object> payload, String signature) {

    /** An event without a signature (the types that need none). */
    public SyncEvent(String eventId, String type, String aggregateId, String occurredAt, boolean simulated,
            Map<String, Object> payload) {
        this(eventId, type, aggregateId, occurredAt, simulated, payload, null);
    }

    /** The same event, signed. */
    public SyncEvent signed(String signature) {
        return new SyncEvent(eventId, type, aggregateId, occurredAt, simulated, payload, signature);
    }
}

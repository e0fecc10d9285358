package com.payband.sync.api;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a console signs in a state change that needs no band (a binding suspended, resumed or deactivated: a lost or
 * stolen report): the request is then a record the backend keeps with the console's signature, staff and reason,
 * verifiable later with the console's certificate, and not only a call that came over the console's TLS session.
 * One definition for the console that signs and the backend that verifies.
 *
 * <p>The bytes: a label, then each field length-prefixed (4 bytes, big-endian) in UTF-8: event id, type, aggregate,
 * occurredAt, simulated, then the payload's entries sorted by key, each the key and a tagged value ({@code s} text,
 * {@code b} true/false, {@code n} an integer, {@code z} null). Only flat payloads are signable.
 */
public final class EventSignature {

    /** The event types whose requests must be signed (unless the band decided them: see {@link #required}). */
    public static final Set<String> SIGNED_TYPES = Set.of("binding.state-changed");

    /** The end of a bind, which the band's own signed answer decides: no request of the console's to sign. */
    public static final Set<String> BAND_DECIDED_REASONS = Set.of("BIND_CONFIRMED", "BIND_ROLLED_BACK");

    /** The signature algorithm (JCA name), over {@link #toBeSigned}; keys are the consoles' P-256 keys. */
    public static final String ALGORITHM = "SHA256withECDSA";

    private static final String LABEL = "payband-event-signature-v1";

    private EventSignature() {
    }

    /** A state change that needs no band: suspend, resume, deactivate (any reason but the end of a bind). */
    public static boolean required(SyncEvent event) {
        if (event.type() == null || !SIGNED_TYPES.contains(event.type())) {
            return false;
        }
        Object reason = event.payload() == null ? null : event.payload().get("reason");
        return !(reason instanceof String r && BAND_DECIDED_REASONS.contains(r));
    }

    /**
     * @throws IllegalArgumentException for a payload with a nested or fractional value (nothing signed has one)
     */
    public static byte[] toBeSigned(SyncEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, LABEL);
        field(out, e.eventId());
        field(out, e.type());
        field(out, e.aggregateId());
        field(out, e.occurredAt());
        field(out, Boolean.toString(e.simulated()));
        Map<String, Object> sorted = new TreeMap<>(e.payload() == null ? Map.of() : e.payload());
        field(out, Integer.toString(sorted.size()));
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            field(out, entry.getKey());
            field(out, tagged(entry.getValue()));
        }
        return out.toByteArray();
    }

    private static String tagged(Object value) {
        if (value == null) {
            return "z";
        }
        if (value instanceof String s) {
            return "s" + s;
        }
        if (value instanceof Boolean b) {
            return "b" + b;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            return "n" + value;
        }
        throw new IllegalArgumentException("a signed event's payload holds only text, true/false, integers and null");
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] b = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }
}

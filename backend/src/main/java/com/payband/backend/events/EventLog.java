package com.payband.backend.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.payband.backend.store.BackendStore;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.AuditHead;
import com.payband.sync.api.EventResult;
import com.payband.sync.api.EventStatus;
import com.payband.sync.api.EventSignature;
import com.payband.sync.api.SyncEvent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where consoles' events land, exactly once each: an event id is stored the first time and answered
 * DUPLICATE for every retry with the same content; the same id with other content is refused (a console may
 * never reuse one). A batch is one transaction, so a backend killed mid-batch has stored all or none of it, and
 * the console's retry settles the rest. Two instances racing to store the same event: one insert wins, the
 * other transaction is retried and finds it.
 */
public final class EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z.-]{0,63}");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{16,128}");
    private static final int MAX_PAYLOAD_CHARS = 8192;
    /** The years an event's occurredAt may be in (see {@link #problem}). */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");
    /** Canonical JSON: the content's digest does not depend on the order a client wrote its fields in. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private static final java.security.Provider VERIFIER = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final BackendStore store;
    private final Clock clock;
    private final boolean acceptSimulated;
    private final Applier applier;

    /**
     * @param acceptSimulated whether simulators' events are taken (the demo and training backends) or refused
     *                        (a production backend)
     */
    public EventLog(BackendStore store, Clock clock, boolean acceptSimulated) {
        this(store, clock, acceptSimulated, (c, console, stored) -> { });
    }

    /** @param applier told of the events stored, in the batch's order and its transaction (the issuer) */
    public EventLog(BackendStore store, Clock clock, boolean acceptSimulated, Applier applier) {
        this.store = store;
        this.clock = clock;
        this.acceptSimulated = acceptSimulated;
        this.applier = applier;
    }

    /** What follows the events as they are stored: it runs in their transaction, so both happen or neither. */
    public interface Applier {
        /** @param stored the batch's events stored now (not its duplicates or rejections), in the batch's order */
        void apply(Connection c, String consoleId, List<SyncEvent> stored) throws SQLException;
    }

    /**
     * Stores a console's batch (one result per event, in order) and anchors its audit chain head (when given) in the same transaction.
     *
     * @throws AuditRollback when the head is behind the anchored one, or beside it: nothing is stored
     */
    /**
     * Stores a console's batch (see the class comment).
     *
     * @param signer the certificate the console pushed with: the events that must be signed
     *               ({@link EventSignature#SIGNED_TYPES}) are stored only with a valid signature of its key
     */
    public List<EventResult> accept(String consoleId, X509Certificate signer, List<SyncEvent> events, AuditHead head)
            throws AuditRollback {
        if (head != null && (head.seq() < 0 || head.mac() == null || !MAC.matcher(head.mac()).matches())) {
            throw new IllegalArgumentException("auditHead: seq >= 0 and a hex MAC");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Object outcome = store.inTransaction(c -> {
                    String behind = head == null ? null : anchor(c, consoleId, head);
                    if (behind != null) {
                        c.rollback();
                        return new AuditRollback(behind);
                    }
                    return acceptIn(c, consoleId, signer, events);
                });
                if (outcome instanceof AuditRollback rollback) {
                    LOG.error("console {}: audit trail rolled back or rewritten ({}); its push is refused",
                            consoleId, rollback.getMessage());
                    throw rollback;
                }
                @SuppressWarnings("unchecked")
                List<EventResult> results = (List<EventResult>) outcome;
                return results;
            } catch (BackendStore.StoreException e) {
                // another instance stored one of these ids between our look-up and our insert: look again; or PostgreSQL
                // chose this push to end a deadlock or a serialization conflict with another instance's transaction
                // (instances of different versions locking in different orders): nothing of it was stored, again
                if (attempt < 3 && e.getCause() instanceof SQLException sql
                        && java.util.Set.of("23505", "40P01", "40001").contains(sql.getSQLState())) {
                    continue;
                }
                throw e;
            }
        }
    }

    private List<EventResult> acceptIn(Connection c, String consoleId, X509Certificate signer, List<SyncEvent> events)
            throws SQLException {
        Map<String, String> known = knownDigests(c, events);
        java.security.PublicKey signerKey = null; // read at the batch's first signed event
        boolean signerRead = false;
        Map<String, String> inThisBatch = new HashMap<>();
        List<EventResult> results = new ArrayList<>(events.size());
        Instant now = clock.instant();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO sync_event (event_id, console_id, event_type,"
                + " aggregate_id, occurred_at, received_at, simulated, payload, content_sha256, signature,"
                + " signer_certificate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (SyncEvent e : events) {
                Instant occurred = occurredAt(e);
                String problem = problem(e, occurred);
                if (problem != null) {
                    results.add(rejected(e, ApiErrorCode.MALFORMED_REQUEST, problem));
                    continue;
                }
                if (e.simulated() && !acceptSimulated) {
                    results.add(rejected(e, ApiErrorCode.SIMULATED_NOT_ACCEPTED,
                            "this backend takes no simulator's events"));
                    continue;
                }
                String id = UUID.fromString(e.eventId()).toString();
                String payload = CANONICAL.writeValueAsString(e.payload());
                if (payload.length() > MAX_PAYLOAD_CHARS) {
                    results.add(rejected(e, ApiErrorCode.MALFORMED_REQUEST, "payload over " + MAX_PAYLOAD_CHARS));
                    continue;
                }
                String digest = digest(e, payload, occurred);
                String before = known.getOrDefault(id, inThisBatch.get(id));
                if (before != null) {
                    results.add(before.equals(digest) ? new EventResult(e.eventId(), EventStatus.DUPLICATE, null, null)
                            : rejected(e, ApiErrorCode.EVENT_ID_REUSED, "event id " + id + " was used for other content"));
                    continue;
                }
                boolean signed = EventSignature.required(e);
                if (signed && !signerRead) {
                    signerKey = verifyingForm(signer, consoleId);
                    signerRead = true;
                }
                if (signed && !signatureValid(e, signerKey)) {
                    results.add(rejected(e, ApiErrorCode.SIGNATURE_INVALID, "a " + e.type() + " event must carry the"
                            + " signature of the console's key (the certificate it is pushed with)"));
                    continue;
                }
                insert.setString(1, id);
                insert.setString(2, consoleId);
                insert.setString(3, e.type());
                insert.setString(4, e.aggregateId());
                insert.setTimestamp(5, Timestamp.from(occurred));
                insert.setTimestamp(6, Timestamp.from(now));
                insert.setBoolean(7, e.simulated());
                insert.setString(8, payload);
                insert.setString(9, digest);
                insert.setString(10, signed ? e.signature() : null);
                insert.setString(11, signed ? signer.getSerialNumber().toString(16) : null);
                insert.addBatch(); // executed in this order: received_seq is the console's order
                inThisBatch.put(id, digest);
                results.add(new EventResult(e.eventId(), EventStatus.ACCEPTED, null, null));
            }
            if (!inThisBatch.isEmpty()) {
                insert.executeBatch();
                List<SyncEvent> stored = new ArrayList<>(inThisBatch.size());
                for (int i = 0; i < events.size(); i++) {
                    if (results.get(i).status() == EventStatus.ACCEPTED) {
                        stored.add(events.get(i));
                    }
                }
                applier.apply(c, consoleId, stored);
            }
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("an event's payload is not plain JSON", ex);
        }
        long rejected = results.stream().filter(r -> r.status() == EventStatus.REJECTED).count();
        if (rejected > 0) {
            LOG.warn("console {}: {} of {} events rejected", consoleId, rejected, events.size());
        }
        return results;
    }

    /**
     * Checks a console's audit head against the one anchored before and anchors it; returns what is wrong
     * when it goes back or sideways (then nothing may be stored).
     */
    private static String anchor(Connection c, String consoleId, AuditHead head) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, mac FROM console_audit_anchor WHERE console_id = ? FOR UPDATE")) {
            ps.setString(1, consoleId);
            ResultSet rs = ps.executeQuery();
            if (rs.next()) {
                long seq = rs.getLong(1);
                String mac = rs.getString(2);
                if (head.seq() < seq) {
                    return "head " + head.seq() + " is behind the anchored " + seq;
                }
                if (head.seq() == seq && !head.mac().equalsIgnoreCase(mac)) {
                    return "event " + seq + " has another MAC than the one anchored";
                }
                if (head.seq() == seq) {
                    return null;
                }
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE console_audit_anchor SET seq = ?, mac = ?, anchored_at = ? WHERE console_id = ?")) {
                    up.setLong(1, head.seq());
                    up.setString(2, head.mac().toLowerCase(java.util.Locale.ROOT));
                    up.setTimestamp(3, Timestamp.from(Instant.now()));
                    up.setString(4, consoleId);
                    up.executeUpdate();
                }
                return null;
            }
        }
        try (PreparedStatement in = c.prepareStatement(
                "INSERT INTO console_audit_anchor (console_id, seq, mac, anchored_at) VALUES (?, ?, ?, ?)")) {
            in.setString(1, consoleId);
            in.setLong(2, head.seq());
            in.setString(3, head.mac().toLowerCase(java.util.Locale.ROOT));
            in.setTimestamp(4, Timestamp.from(Instant.now()));
            in.executeUpdate();
        }
        return null;
    }

    /** The audit head a console last anchored here. */
    public java.util.Optional<AuditHead> anchorOf(String consoleId) {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, mac FROM console_audit_anchor WHERE console_id = ?")) {
                ps.setString(1, consoleId);
                ResultSet rs = ps.executeQuery();
                return rs.next() ? java.util.Optional.of(new AuditHead(rs.getLong(1), rs.getString(2)))
                        : java.util.Optional.<AuditHead>empty();
            }
        });
    }

    /** A push whose audit head says the console's store rolled back or rewrote its history. */
    public static final class AuditRollback extends Exception {
        AuditRollback(String why) {
            super(why);
        }
    }

    /** How many events this backend holds (for the tests and the benchmarks). */
    public long count() {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sync_event")) {
                ResultSet rs = ps.executeQuery();
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** An aggregate's event ids in the order they arrived. */
    public List<String> eventsOf(String aggregateId) {
        return store.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT event_id FROM sync_event WHERE aggregate_id = ? ORDER BY received_seq")) {
                ps.setString(1, aggregateId);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private static Map<String, String> knownDigests(Connection c, List<SyncEvent> events) throws SQLException {
        Map<String, String> known = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (SyncEvent e : events) {
            if (e != null && e.eventId() != null && isUuid(e.eventId())) {
                ids.add(UUID.fromString(e.eventId()).toString());
            }
        }
        if (ids.isEmpty()) {
            return known;
        }
        // the ids as one array parameter: one statement for the whole batch, with a fixed text
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT event_id, content_sha256 FROM sync_event WHERE event_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return known;
    }

    /** What is wrong with a pushed event, in words for the console's log, or null when it can be stored. */
    public static String problem(SyncEvent e) {
        return problem(e, occurredAt(e));
    }

    /** The event's {@code occurredAt}, or null when it is not an ISO-8601 instant (or there is no event). */
    private static Instant occurredAt(SyncEvent e) {
        if (e == null) {
            return null;
        }
        try {
            return Instant.parse(e.occurredAt());
        } catch (DateTimeParseException | NullPointerException ex) {
            return null;
        }
    }

    private static String problem(SyncEvent e, Instant occurred) {
        if (e == null) {
            return "an empty event";
        }
        if (e.eventId() == null || !isUuid(e.eventId())) {
            return "eventId must be a UUID";
        }
        if (e.type() == null || !TYPE.matcher(e.type()).matches()) {
            return "type must be a dotted lower-case name";
        }
        if (e.aggregateId() == null || e.aggregateId().isEmpty() || e.aggregateId().length() > 64) {
            return "aggregateId must be 1 to 64 characters";
        }
        if (e.payload() == null) {
            return "payload is required";
        }
        if (occurred == null) {
            return "occurredAt must be an ISO-8601 instant";
        }
        if (occurred.isBefore(EARLIEST) || !occurred.isBefore(LATEST)) {
            // a year past 292 million overflowed the batch's timestamps (the whole batch refused), one past 294276
            // PostgreSQL's (a failed transaction); no console made an event before 2000
            return "occurredAt must be in the years 2000 to 9999";
        }
        return null;
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static EventResult rejected(SyncEvent e, ApiErrorCode code, String message) {
        return new EventResult(e == null ? null : e.eventId(), EventStatus.REJECTED, code, message);
    }

    /**
     * The certificate's key in BouncyCastle's own form, once per batch: its point then keeps the multiples computed
     * for the first signature of the batch (0.19 against 0.29 ms a verification here); null without one.
     */
    private static java.security.PublicKey verifyingForm(X509Certificate signer, String consoleId) {
        if (signer == null) {
            return null;
        }
        try {
            return java.security.KeyFactory.getInstance(signer.getPublicKey().getAlgorithm(), VERIFIER)
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(signer.getPublicKey().getEncoded()));
        } catch (java.security.GeneralSecurityException | RuntimeException ex) {
            // the CA certifies only P-256 keys: the console's signed changes are refused and stay queued there
            LOG.error("the key of console {}'s certificate {} cannot be read to check signatures: {}", consoleId,
                    signer.getSerialNumber().toString(16), ex.toString());
            return null;
        }
    }

    private static boolean signatureValid(SyncEvent e, java.security.PublicKey signer) {
        if (signer == null || e.signature() == null || e.signature().length() > 200) {
            return false;
        }
        try {
            // BouncyCastle's verification (see verifyingForm): the JDK 17 provider's took 1.6 ms on this hardware,
            // which bounded the push of a queue with lost reports; only public data is involved, so no constant-time
            // concern applies
            java.security.Signature verifier = java.security.Signature.getInstance(EventSignature.ALGORITHM, VERIFIER);
            verifier.initVerify(signer);
            verifier.update(EventSignature.toBeSigned(e));
            return verifier.verify(java.util.Base64.getDecoder().decode(e.signature()));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException ex) {
            return false;
        }
    }

    /** The content digest an event id is bound to (the event must have no {@link #problem}). */
    public static String digest(SyncEvent e) {
        try {
            return digest(e, CANONICAL.writeValueAsString(e.payload()), Instant.parse(e.occurredAt()));
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("an event's payload is not plain JSON", ex);
        }
    }

    /** {@code occurred}: the event's occurredAt as parsed for {@link #problem} (the JDK's parser is slow). */
    private static String digest(SyncEvent e, String canonicalPayload, Instant occurred) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : new String[] {e.type(), e.aggregateId(), occurred.toString(),
                Boolean.toString(e.simulated()), canonicalPayload}) {
                byte[] b = field.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sha.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                    (byte) b.length});
                sha.update(b);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

package com.payband.backend.issuer;

import com.payband.backend.events.EventLog;
import com.payband.backend.store.BackendStore;
import com.payband.band.BandSerial;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.Credential;
import com.payband.band.protocol.Crypto;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.ProtocolException;
import com.payband.band.protocol.SealedSecret;
import com.payband.band.protocol.Uuids;
import com.payband.band.protocol.Wire;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.AuthorisationReason;
import com.payband.sync.api.AuthorisationRequest;
import com.payband.sync.api.BandReport;
import com.payband.sync.api.BindingPreparation;
import com.payband.sync.api.IssuedAuthorisation;
import com.payband.sync.api.IssuerBinding;
import com.payband.sync.api.IssuerRoot;
import com.payband.sync.api.PaymentCheck;
import com.payband.sync.api.PaymentCheckResult;
import com.payband.sync.api.ResetApproval;
import com.payband.sync.api.RevocationEntry;
import com.payband.sync.api.SyncEvent;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer: it makes bindings (credential signed with the phone key in it, payment secret sealed to the band and
 * kept sealed under its own key), signs band commands only for a binding it knows, for a reason its policy allows,
 * from a registered console and a named member of staff, once per band challenge and at most so many per console
 * and minute; it follows each binding's state from the consoles' lifecycle events (as they are stored, in the same
 * transaction) and verifies payment codes against it; a STOLEN or FRAUD deactivation goes on its revocation list in the
 * same transaction. Every refusal is an {@link IssuerRefusal}.
 */
public final class IssuerService implements EventLog.Applier {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerService.class);
    /** How long an authorisation is valid on the band's clock. */
    public static final Duration AUTHORISATION_LIFETIME = Duration.ofMinutes(2);
    /** Authorisations one console may have per minute (a console enrolling flat out needs about six). */
    public static final int DEFAULT_AUTHORISATIONS_PER_MINUTE = 60;
    /** Payment codes are accepted within this many 30-second steps of the issuer's clock. */
    static final long TIME_STEPS_TOLERATED = 2;
    /** A band's clock is set only to within this of the issuer's own. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);
    /** A binding another console is making blocks the band this long; after that it counts as abandoned. */
    static final Duration PENDING_BLOCKS = Duration.ofMinutes(15);
    private static final Set<String> THEFT = Set.of("STOLEN", "FRAUD");
    private static final Set<String> STATES = Set.of("PENDING", "ACTIVE", "FAILED", "SUSPENDED", "DEACTIVATED");
    /**
     * The issuer's policy for state changes: from a binding's state, for each reason the state it may move to; any
     * other change is stored with its event but not applied. A lost band is only suspended, only a lost one found,
     * and a bind ends only as the band decided it.
     */
    private static final Map<String, Map<String, String>> POLICY = Map.of(
            "PENDING", Map.of("BIND_CONFIRMED", "ACTIVE", "BIND_ROLLED_BACK", "FAILED"),
            "ACTIVE", Map.of("LOST", "SUSPENDED", "STOLEN", "DEACTIVATED", "FRAUD", "DEACTIVATED",
                    "CUSTOMER_REQUEST", "DEACTIVATED", "DAMAGED", "DEACTIVATED", "REPLACED", "DEACTIVATED"),
            "SUSPENDED", Map.of("FOUND", "ACTIVE", "STOLEN", "DEACTIVATED", "FRAUD", "DEACTIVATED",
                    "CUSTOMER_REQUEST", "DEACTIVATED", "DAMAGED", "DEACTIVATED", "REPLACED", "DEACTIVATED"));
    private static final int MAX_PAYLOAD = 4096;
    private static final int MAX_EVIDENCE = 512;
    /** Reports of a band with another person's card one console may send in an hour (see {@link #report}). */
    static final int WRONG_OWNERS_PER_HOUR = 5;

    private final BackendStore store;
    private final IssuerKeys keys;
    private final Clock clock;
    private final boolean acceptSimulated;
    private final int authorisationsPerMinute;
    /** Resets after theft a console's administrators may approve in a day (see {@link #consoleApprovalsToday}). */
    static final int CONSOLE_APPROVALS_PER_DAY = 3;
    private final SecureRandom random = new SecureRandom();
    private final RevocationList revocations;

    public IssuerService(BackendStore store, IssuerKeys keys, Clock clock, boolean acceptSimulated,
            int authorisationsPerMinute) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.acceptSimulated = acceptSimulated;
        this.authorisationsPerMinute = authorisationsPerMinute;
        this.revocations = new RevocationList(store, keys, clock);
    }

    /** The revocation list after entry {@code after}, with its head signed now. */
    public com.payband.sync.api.RevocationDelta revocations(long after, int limit) throws IssuerRefusal {
        if (after < 0) {
            throw malformed("after: 0 or more");
        }
        return revocations.after(after, limit);
    }

    public IssuerRoot root() {
        return new IssuerRoot(b64(keys.rootPublicKey()), keys.software());
    }

    /** A new PENDING binding of a band: its credential and its payment secret, sealed to the band. */
    public com.payband.sync.api.PreparedBinding prepare(String consoleId, BindingPreparation r) throws IssuerRefusal {
        UUID bindingId = uuid(r.bindingId(), "bindingId");
        BandSerial serial = serial(r.bandSerial());
        byte[] deviceKey = bytes(r.devicePublicKey(), "devicePublicKey", P256.PUBLIC_KEY_LENGTH);
        byte[] evidence = bytes(r.identityEvidence(), "identityEvidence", MAX_EVIDENCE);
        String staff = staff(r.staff());
        if (evidence.length < 16) {
            throw malformed("identityEvidence: at least 16 bytes");
        }
        if (r.simulated() && !acceptSimulated) {
            throw new IssuerRefusal(403, ApiErrorCode.SIMULATED_NOT_ACCEPTED, "this backend binds no simulated band");
        }
        PhoneKey phone;
        try {
            P256.decode(deviceKey);
            phone = PhoneKey.of(bytes(r.phoneKey(), "phoneKey", P256.PUBLIC_KEY_LENGTH));
        } catch (ProtocolException e) {
            throw malformed("not a P-256 key: " + e.getMessage());
        }
        byte[] reference = keys.identityReference(evidence);
        Instant now = clock.instant();
        Instant boundAt = now.truncatedTo(ChronoUnit.SECONDS);
        Credential credential = new Credential(bindingId, reference, phone, boundAt,
                keys.sign(Credential.toBeSigned(serial, bindingId, reference, phone, boundAt)));
        byte[] secret = new byte[SealedSecret.SECRET_LENGTH];
        random.nextBytes(secret);
        SealedSecret toBand;
        try {
            toBand = SealedSecret.seal(secret, P256.decode(deviceKey), serial);
        } catch (ProtocolException e) {
            throw malformed(e.getMessage());
        }
        BindRequest request = new BindRequest(credential, toBand);
        byte[] kept = keys.seal(secret, context(bindingId));
        Arrays.fill(secret, (byte) 0);
        ensureBandRow(serial);
        Object outcome = store.inTransaction(c -> {
            // the band's row locked until commit: a second preparation of this band waits, then sees this one
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT band_serial FROM issuer_band WHERE band_serial = ? FOR UPDATE")) {
                lock.setString(1, serial.value());
                lock.executeQuery().close();
            }
            IssuerRefusal refusal = blockers(c, consoleId, bindingId, serial, now);
            if (refusal != null) {
                return refusal;
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM issuer_binding WHERE binding_id = ?");
                    PreparedStatement ins = c.prepareStatement("INSERT INTO issuer_binding (binding_id, band_serial,"
                            + " console_id, device_key, identity_ref, bind_payload_sha, sealed_secret, state, reason,"
                            + " last_counter, simulated, prepared_by, prepared_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', NULL, 0, ?, ?, ?, ?)")) {
                del.setString(1, bindingId.toString());
                del.executeUpdate(); // the same console preparing again after a lost answer: the new one counts
                ins.setString(1, bindingId.toString());
                ins.setString(2, serial.value());
                ins.setString(3, consoleId);
                ins.setString(4, b64(deviceKey));
                ins.setString(5, HexFormat.of().formatHex(reference));
                ins.setString(6, HexFormat.of().formatHex(Crypto.sha256(request.payload())));
                ins.setString(7, b64(kept));
                ins.setBoolean(8, r.simulated());
                ins.setString(9, staff);
                ins.setTimestamp(10, Timestamp.from(now));
                ins.setTimestamp(11, Timestamp.from(now));
                ins.executeUpdate();
            }
            return null;
        });
        if (outcome instanceof IssuerRefusal refusal) {
            throw refusal;
        }
        LOG.info("binding {} of band {} prepared for console {} by {}", bindingId, serial, consoleId, staff);
        return new com.payband.sync.api.PreparedBinding(b64(request.payload()));
    }

    /** The band's lock row, made in a transaction of its own (two first-timers racing: one insert wins, both go on). */
    private void ensureBandRow(BandSerial serial) {
        try {
            store.inTransaction(c -> {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO issuer_band (band_serial) SELECT ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM issuer_band WHERE band_serial = ?)")) {
                    ins.setString(1, serial.value());
                    ins.setString(2, serial.value());
                    return ins.executeUpdate();
                }
            });
        } catch (BackendStore.StoreException e) {
            if (!(e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState()))) {
                throw e;
            }
        }
    }

    /** Why a new binding of this band may not be made now, or null. */
    private IssuerRefusal blockers(Connection c, String consoleId, UUID bindingId, BandSerial serial, Instant now)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT binding_id, console_id, state, reason, reset_at,"
                + " updated_at FROM issuer_binding WHERE band_serial = ? ORDER BY prepared_at DESC")) {
            q.setString(1, serial.value());
            try (ResultSet rs = q.executeQuery()) {
                boolean latest = true;
                while (rs.next()) {
                    String id = rs.getString(1);
                    String state = rs.getString(3);
                    if (id.equals(bindingId.toString())) {
                        if (!consoleId.equals(rs.getString(2))) {
                            return new IssuerRefusal(409, ApiErrorCode.BINDING_OF_ANOTHER_CONSOLE,
                                    "binding " + id + " was prepared by another console");
                        }
                        if (!"PENDING".equals(state) || authorised(c, id, Command.BIND)) {
                            return new IssuerRefusal(409, ApiErrorCode.AUTHORISATION_REFUSED, "binding " + id
                                    + " is " + state + " and its bind was authorised: it cannot be prepared again");
                        }
                        latest = false;
                        continue;
                    }
                    if (latest && "DEACTIVATED".equals(state) && THEFT.contains(rs.getString(4))
                            && rs.getTimestamp(5) == null) {
                        return new IssuerRefusal(409, ApiErrorCode.BAND_REPORTED_STOLEN, "band " + serial
                                + " was reported " + rs.getString(4) + " and not reset since: it cannot be bound");
                    }
                    latest = false;
                    boolean live = "ACTIVE".equals(state) || "SUSPENDED".equals(state);
                    boolean beingMade = "PENDING".equals(state) && !consoleId.equals(rs.getString(2))
                            && rs.getTimestamp(6).toInstant().isAfter(now.minus(PENDING_BLOCKS));
                    if (live || beingMade) {
                        return new IssuerRefusal(409, ApiErrorCode.BAND_BOUND_ELSEWHERE, "band " + serial + " has "
                                + (live ? "a live binding (" + state + ")" : "a binding another console is making"));
                    }
                }
            }
        }
        return null;
    }

    private static boolean authorised(Connection c, String bindingId, Command action) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM issuer_authorisation WHERE binding_id = ? AND action = ?")) {
            q.setString(1, bindingId);
            q.setString(2, action.name());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The issuer's signature on one band command, once per challenge, if its policy allows it. */
    public IssuedAuthorisation authorise(String consoleId, AuthorisationRequest r) throws IssuerRefusal {
        Command action;
        try {
            action = Command.valueOf(String.valueOf(r.action()));
        } catch (IllegalArgumentException e) {
            throw malformed("action: BIND, SET_TIME, RESET, LINK_PHONE or UNLINK_PHONE");
        }
        if (!action.needsAuthorisation()) {
            throw malformed("action " + action + " needs no authorisation");
        }
        UUID bindingId = uuid(r.bindingId(), "bindingId");
        BandSerial serial = serial(r.bandSerial());
        byte[] challenge = bytes(r.challenge(), "challenge", Authorisation.CHALLENGE_LENGTH);
        if (challenge.length != Authorisation.CHALLENGE_LENGTH) {
            throw malformed("challenge: " + Authorisation.CHALLENGE_LENGTH + " bytes");
        }
        byte[] payload = bytes(r.payload(), "payload", MAX_PAYLOAD);
        if (r.reason() == null) {
            throw malformed("reason is required");
        }
        String staff = staff(r.staff());
        byte[] evidence = r.ownerEvidence() == null ? null : bytes(r.ownerEvidence(), "ownerEvidence", MAX_EVIDENCE);
        String approvedBy = r.approvedBy() == null ? null : staff(r.approvedBy());
        if (approvedBy != null && approvedBy.equalsIgnoreCase(staff)) {
            throw malformed("approvedBy: another person than the member of staff asking");
        }
        Instant now = clock.instant();
        Object outcome = store.inTransaction(c -> {
            Grounds grounds = new Grounds(approvedBy);
            IssuerRefusal refusal = refusal(c, consoleId, action, bindingId, serial, payload, r.reason(), evidence,
                    grounds, now);
            if (refusal != null) {
                c.rollback();
                return refusal;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO issuer_authorisation (band_serial, challenge,"
                    + " console_id, binding_id, action, reason, staff, approval_used, approved_by, issued_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, serial.value());
                ins.setString(2, HexFormat.of().formatHex(challenge));
                ins.setString(3, consoleId);
                ins.setString(4, bindingId.toString());
                ins.setString(5, action.name());
                ins.setString(6, r.reason().name());
                ins.setString(7, staff);
                ins.setBoolean(8, grounds.backendApproval);
                ins.setString(9, grounds.approval);
                ins.setTimestamp(10, Timestamp.from(now));
                ins.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    c.rollback();
                    return used(serial);
                }
                throw e;
            }
            if (action == Command.RESET && r.reason() == AuthorisationReason.BAND_RECOVERED) {
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE issuer_binding SET reset_at = ? WHERE binding_id = ?")) {
                    u.setTimestamp(1, Timestamp.from(now));
                    u.setString(2, bindingId.toString());
                    u.executeUpdate();
                }
            }
            return null;
        });
        if (outcome instanceof IssuerRefusal refusal) {
            LOG.warn("console {} ({}): {} of band {} for binding {} refused: {}", consoleId, staff, action, serial,
                    bindingId, refusal.getMessage());
            throw refusal;
        }
        Instant expires = now.plus(AUTHORISATION_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        byte[] hash = Crypto.sha256(payload);
        Authorisation a = new Authorisation(action, serial, challenge, expires, hash,
                keys.sign(Authorisation.toBeSigned(action, serial, challenge, expires, hash)));
        LOG.info("console {} ({}): {} of band {} for binding {} authorised ({})", consoleId, staff, action, serial,
                bindingId, r.reason());
        return new IssuedAuthorisation(b64(a.encode()), expires.toString());
    }

    private static IssuerRefusal used(BandSerial serial) {
        return new IssuerRefusal(409, ApiErrorCode.CHALLENGE_USED,
                "this challenge of band " + serial + " was authorised before; ask the band for a new one");
    }

    /** What a reset after theft rests on: the approval used, if one was (recorded with the authorisation). */
    private static final class Grounds {
        final String consoleApproval;
        String approval;
        boolean backendApproval;

        Grounds(String consoleApproval) {
            this.consoleApproval = consoleApproval;
        }
    }

    /** The issuer's policy: why this authorisation may not be issued, or null. */
    private IssuerRefusal refusal(Connection c, String consoleId, Command action, UUID bindingId, BandSerial serial,
            byte[] payload, AuthorisationReason reason, byte[] evidence, Grounds grounds, Instant now)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM issuer_authorisation WHERE console_id = ? AND issued_at > ?")) {
            q.setString(1, consoleId);
            q.setTimestamp(2, Timestamp.from(now.minus(Duration.ofMinutes(1))));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= authorisationsPerMinute) {
                    return new IssuerRefusal(429, ApiErrorCode.RATE_LIMITED, "this console had "
                            + authorisationsPerMinute + " authorisations in the last minute; wait a moment");
                }
            }
        }
        Row b = row(c, bindingId, true);
        if (b == null || !b.serial.equals(serial.value())) {
            return new IssuerRefusal(404, ApiErrorCode.UNKNOWN_BINDING,
                    "the issuer has no binding " + bindingId + " of band " + serial);
        }
        boolean own = b.consoleId.equals(consoleId);
        boolean pendingOwn = own && "PENDING".equals(b.state);
        String notAllowed = action + " for " + reason + " of a " + b.state + " binding"
                + (own ? "" : " of another console");
        switch (action) {
            case BIND -> {
                if (reason != AuthorisationReason.ENROLLMENT || !pendingOwn) {
                    return refused(notAllowed);
                }
                if (!HexFormat.of().formatHex(Crypto.sha256(payload)).equals(b.bindPayloadSha)) {
                    return refused("BIND of other content than the issuer prepared for binding " + bindingId);
                }
            }
            case SET_TIME -> {
                if (reason != AuthorisationReason.ENROLLMENT || !pendingOwn) {
                    return refused(notAllowed);
                }
                long time;
                try {
                    time = new Wire.Reader(payload).u32();
                } catch (ProtocolException e) {
                    return refused("SET_TIME carries a time");
                }
                if (payload.length != 4
                        || Duration.between(now, Instant.ofEpochSecond(time)).abs().compareTo(CLOCK_TOLERANCE) > 0) {
                    return refused("SET_TIME to another time than the issuer's (" + Instant.ofEpochSecond(time) + ")");
                }
            }
            case RESET -> {
                if (!Arrays.equals(payload, Uuids.bytes(bindingId))) {
                    return refused("RESET of another binding than " + bindingId);
                }
                if (reason == AuthorisationReason.PHONE_MISMATCH) {
                    if (!pendingOwn) {
                        return refused(notAllowed);
                    }
                } else if (reason == AuthorisationReason.BAND_RECOVERED && "DEACTIVATED".equals(b.state)) {
                    if (THEFT.contains(b.reason) && !ownerVerified(b, evidence)) {
                        if (grounds.consoleApproval != null) {
                            if (consoleApprovalsToday(c, consoleId, now) >= CONSOLE_APPROVALS_PER_DAY) {
                                return new IssuerRefusal(403, ApiErrorCode.OWNER_NOT_VERIFIED, "this console had "
                                        + CONSOLE_APPROVALS_PER_DAY + " resets of stolen bands approved at the console"
                                        + " in the last day: re-verify the owner, or have the reset approved at the"
                                        + " backend");
                            }
                            grounds.approval = grounds.consoleApproval;
                        } else if ((grounds.approval = approvalUsed(c, bindingId, now)) != null) {
                            grounds.backendApproval = true;
                        } else {
                            return new IssuerRefusal(403, ApiErrorCode.OWNER_NOT_VERIFIED, "binding " + bindingId
                                    + " was deactivated as " + b.reason + ": re-verify its owner, or have an"
                                    + " administrator approve the reset");
                        }
                    }
                } else {
                    return refused(notAllowed);
                }
            }
            case LINK_PHONE, UNLINK_PHONE -> {
                boolean live = "ACTIVE".equals(b.state) || "SUSPENDED".equals(b.state);
                int expected = action == Command.LINK_PHONE ? 16 + P256.PUBLIC_KEY_LENGTH : 16;
                if (reason != AuthorisationReason.PHONE_REPLACED || !live) {
                    return refused(notAllowed);
                }
                if (payload.length != expected || !Arrays.equals(Arrays.copyOf(payload, 16), Uuids.bytes(bindingId))) {
                    return refused(action + " of another binding than " + bindingId);
                }
                // the slot decides who pays with the band: only its owner, re-verified with their card, changes it
                if (!ownerVerified(b, evidence)) {
                    return new IssuerRefusal(403, ApiErrorCode.OWNER_NOT_VERIFIED, action + " of binding " + bindingId
                            + ": the owner's identity evidence is missing or not the owner's");
                }
            }
            default -> {
                return refused(notAllowed);
            }
        }
        return null;
    }

    private boolean ownerVerified(Row b, byte[] evidence) {
        return evidence != null && MessageDigest.isEqual(keys.identityReference(evidence),
                HexFormat.of().parseHex(b.identityRef));
    }

    /**
     * Resets of stolen bands a console's own administrators approved in the last day: a console vouches for its
     * administrator, so a rogue one gets only a few before the backend's own approval is needed.
     */
    private static long consoleApprovalsToday(Connection c, String consoleId, Instant now) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM issuer_authorisation WHERE console_id = ?"
                + " AND approved_by IS NOT NULL AND NOT approval_used AND issued_at > ?")) {
            q.setString(1, consoleId);
            q.setTimestamp(2, Timestamp.from(now.minus(Duration.ofDays(1))));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Uses an administrator's unused approval of this binding's reset, if there is one: who approved it, else null. */
    private static String approvalUsed(Connection c, UUID bindingId, Instant now) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE issuer_reset_approval SET used_at = ?"
                + " WHERE binding_id = ? AND used_at IS NULL");
                PreparedStatement q = c.prepareStatement("SELECT approved_by FROM issuer_reset_approval"
                        + " WHERE binding_id = ?")) {
            u.setTimestamp(1, Timestamp.from(now));
            u.setString(2, bindingId.toString());
            if (u.executeUpdate() != 1) {
                return null;
            }
            q.setString(1, bindingId.toString());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static IssuerRefusal refused(String what) {
        return new IssuerRefusal(403, ApiErrorCode.AUTHORISATION_REFUSED, "the issuer's policy allows no " + what);
    }

    /** An administrator approves one reset of a band whose binding was deactivated as STOLEN or FRAUD. */
    public void approveReset(ResetApproval approval) throws IssuerRefusal {
        UUID bindingId = uuid(approval.bindingId(), "bindingId");
        String by = staff(approval.approvedBy());
        String note = approval.note() == null ? null : approval.note().substring(0, Math.min(256, approval.note().length()));
        Object outcome = store.inTransaction(c -> {
            Row b = row(c, bindingId, true);
            if (b == null) {
                return new IssuerRefusal(404, ApiErrorCode.UNKNOWN_BINDING, "the issuer has no binding " + bindingId);
            }
            if (!"DEACTIVATED".equals(b.state) || !THEFT.contains(b.reason)) {
                return new IssuerRefusal(409, ApiErrorCode.AUTHORISATION_REFUSED, "binding " + bindingId + " is "
                        + b.state + (b.reason == null ? "" : " (" + b.reason + ")")
                        + ": only a band deactivated as STOLEN or FRAUD needs an approval to be reset");
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM issuer_reset_approval WHERE binding_id = ?");
                    PreparedStatement m = c.prepareStatement("INSERT INTO issuer_reset_approval (binding_id,"
                            + " approved_by, note, approved_at, used_at) VALUES (?, ?, ?, ?, NULL)")) {
                d.setString(1, bindingId.toString());
                d.executeUpdate();
                m.setString(1, bindingId.toString());
                m.setString(2, by);
                m.setString(3, note);
                m.setTimestamp(4, Timestamp.from(clock.instant()));
                m.executeUpdate();
            }
            return null;
        });
        if (outcome instanceof IssuerRefusal refusal) {
            throw refusal;
        }
        LOG.warn("reset of binding {} (deactivated as stolen or fraud) approved by {}", bindingId, by);
    }

    /** Checks a payment code: authentic, fresh, not seen before, and its binding ACTIVE. */
    public PaymentCheckResult verifyPayment(String consoleId, PaymentCheck check) throws IssuerRefusal {
        PaymentCode code;
        try {
            code = PaymentCode.parse(String.valueOf(check.code()));
        } catch (ProtocolException e) {
            throw malformed("not a payment code: " + e.getMessage());
        }
        String verdict = store.inTransaction(c -> {
            Row b = row(c, code.bindingId(), true);
            if (b == null) {
                return "UNKNOWN_BINDING";
            }
            byte[] secret;
            try {
                secret = keys.open(Base64.getDecoder().decode(b.sealedSecret), context(code.bindingId()));
            } catch (GeneralSecurityException e) {
                LOG.error("the payment secret of binding {} does not open: its row was tampered with", code.bindingId());
                return "FORGED";
            }
            try {
                if (!code.authentic(secret)) {
                    return "FORGED";
                }
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            if (Math.abs(code.timeStep() - PaymentCode.timeStep(clock.instant())) > TIME_STEPS_TOLERATED) {
                return "STALE";
            }
            if (code.counter() <= b.lastCounter) {
                return "REPLAYED";
            }
            if (!"ACTIVE".equals(b.state)) {
                return "BINDING_NOT_ACTIVE";
            }
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE issuer_binding SET last_counter = ? WHERE binding_id = ?")) {
                u.setLong(1, code.counter());
                u.setString(2, code.bindingId().toString());
                u.executeUpdate();
            }
            return "ACCEPTED";
        });
        LOG.info("console {}: payment code of binding {} {}", consoleId, code.bindingId(), verdict);
        return new PaymentCheckResult(verdict);
    }

    /**
     * Bands from a list of stolen bands a console imported go on the revocation list, each once, in one transaction:
     * every store marks them and refuses them while bound after its next sync. All or nothing: a bad serial or reason
     * takes none.
     */
    public com.payband.sync.api.ImportedRevocations.Result importRevocations(String consoleId,
            com.payband.sync.api.ImportedRevocations imported) throws IssuerRefusal {
        if (imported.bands() == null || imported.bands().isEmpty()
                || imported.bands().size() > ApiPaths.MAX_IMPORTED_PER_REQUEST) {
            throw malformed("bands: 1 to " + ApiPaths.MAX_IMPORTED_PER_REQUEST + " per request");
        }
        List<com.payband.sync.api.ImportedRevocations.Band> bands = new ArrayList<>();
        for (var band : imported.bands()) {
            BandSerial serial = serial(band.bandSerial());
            if (band.reason() == null || !THEFT.contains(band.reason())) {
                throw malformed("reason of " + serial + ": STOLEN or FRAUD");
            }
            bands.add(new com.payband.sync.api.ImportedRevocations.Band(serial.value(), band.reason()));
        }
        String at = clock.instant().toString();
        int added = store.inTransaction(c -> {
            int n = 0;
            for (var band : bands) {
                if (RevocationList.append(c, RevocationEntry.importedBindingId(band.bandSerial()), band.bandSerial(),
                        band.reason(), at, consoleId)) {
                    n++;
                }
            }
            return n;
        });
        LOG.warn("console {}: imported list {}: {} bands added to the revocation list, {} listed already", consoleId,
                imported.list() == null ? "?" : imported.list().substring(0, Math.min(100, imported.list().length())),
                added, bands.size() - added);
        return new com.payband.sync.api.ImportedRevocations.Result(added, bands.size() - added);
    }

    /**
     * A band's owner reports it stolen at a store that did not enroll it ({@link BandReport}): the band's binding in
     * force is deactivated and listed, recorded with the reporting console, its member of staff and the reason, once the
     * owner's evidence matches the owner the issuer recorded. A thief holding the band has no owner's card: a wrong
     * evidence is refused, nothing changes, and a console that keeps trying is stopped ({@value #WRONG_OWNERS_PER_HOUR}
     * an hour), so that nobody finds an owner's evidence (or document number) by guessing. STOLEN only: a deactivated
     * binding is over for good, so the enrolling store learns of it from the revocation list and nothing it sends
     * later undoes it. The enrolling store's own bindings go through its lifecycle (its signed events).
     */
    public BandReport.Result report(String consoleId, String serialText, BandReport r) throws IssuerRefusal {
        BandSerial serial = serial(serialText);
        UUID reportId = uuid(r.reportId(), "reportId");
        if (!"STOLEN".equals(r.reason())) {
            throw malformed("reason: STOLEN (a lost band is reported at the store that enrolled it)");
        }
        String staff = staff(r.staff()).strip();
        byte[] evidence = bytes(r.ownerEvidence(), "ownerEvidence", MAX_EVIDENCE);
        if (evidence.length < 16) {
            throw malformed("ownerEvidence: at least 16 bytes");
        }
        Instant now = clock.instant();
        ensureBandRow(serial); // a band bound before the lock rows existed has none yet
        Object outcome = store.inTransaction(c -> {
            // the band's row locked first: a report sent again while the first is still under way waits for it, then
            // finds it below; then the console's, so that its reports are counted one after the other
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT band_serial FROM issuer_band WHERE band_serial = ? FOR UPDATE")) {
                lock.setString(1, serial.value());
                lock.executeQuery().close();
            }
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT console_id FROM console WHERE console_id = ? FOR UPDATE")) {
                lock.setString(1, consoleId);
                lock.executeQuery().close();
            }
            // sent before (an answer lost on the way): its first effect stands, and the key is never another report's
            try (PreparedStatement q = c.prepareStatement("SELECT s.binding_id, s.console_id, s.reason, b.band_serial,"
                    + " b.state FROM issuer_state_change s JOIN issuer_binding b ON b.binding_id = s.binding_id"
                    + " WHERE s.event_id = ?")) {
                q.setString(1, reportId.toString());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        if (!consoleId.equals(rs.getString(2)) || !r.reason().equals(rs.getString(3))
                                || !serial.value().equals(rs.getString(4))) {
                            return new IssuerRefusal(409, ApiErrorCode.EVENT_ID_REUSED, "report " + reportId
                                    + " was another report");
                        }
                        return new BandReport.Result(rs.getString(1), rs.getString(5), false);
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM issuer_report_refusal"
                    + " WHERE console_id = ? AND refused_at > ?")) {
                q.setString(1, consoleId);
                q.setTimestamp(2, Timestamp.from(now.minus(Duration.ofHours(1))));
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= WRONG_OWNERS_PER_HOUR) {
                        return new IssuerRefusal(429, ApiErrorCode.RATE_LIMITED, "console " + consoleId + " sent "
                                + rs.getLong(1) + " reports with another person's card in the last hour: it may"
                                + " report again later");
                    }
                }
            }
            List<UUID> inForce = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT binding_id FROM issuer_binding WHERE band_serial = ?"
                    + " AND state IN ('ACTIVE', 'SUSPENDED')")) {
                q.setString(1, serial.value());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        inForce.add(UUID.fromString(rs.getString(1)));
                    }
                }
            }
            if (inForce.isEmpty()) {
                return new IssuerRefusal(404, ApiErrorCode.UNKNOWN_BINDING, "band " + serial
                        + " has no binding in force at the issuer");
            }
            if (inForce.size() > 1) {
                LOG.error("band {} has {} bindings in force: {}", serial, inForce.size(), inForce);
                return new IssuerRefusal(409, ApiErrorCode.AUTHORISATION_REFUSED, "band " + serial + " has "
                        + inForce.size() + " bindings in force: the backend's operator settles it first");
            }
            UUID bindingId = inForce.get(0);
            Row b = row(c, bindingId, true);
            if (b == null || !("ACTIVE".equals(b.state) || "SUSPENDED".equals(b.state))) {
                // ended by its own store's push between the look-up and the lock
                return new IssuerRefusal(404, ApiErrorCode.UNKNOWN_BINDING, "band " + serial
                        + " has no binding in force at the issuer");
            }
            if (b.consoleId.equals(consoleId)) {
                return new IssuerRefusal(409, ApiErrorCode.AUTHORISATION_REFUSED, "binding " + bindingId
                        + " is this console's own: it is reported through its lifecycle");
            }
            if (!ownerVerified(b, evidence)) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO issuer_report_refusal (console_id,"
                        + " band_serial, refused_at) VALUES (?, ?, ?)")) {
                    ins.setString(1, consoleId);
                    ins.setString(2, serial.value());
                    ins.setTimestamp(3, Timestamp.from(now));
                    ins.executeUpdate();
                }
                return new IssuerRefusal(403, ApiErrorCode.OWNER_NOT_VERIFIED, "console " + consoleId + ", band "
                        + serial + ": the owner's identity evidence is not the owner's");
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE issuer_binding SET state = 'DEACTIVATED', reason = ?,"
                    + " updated_at = ? WHERE binding_id = ?")) {
                u.setString(1, r.reason());
                u.setTimestamp(2, Timestamp.from(now));
                u.setString(3, bindingId.toString());
                u.executeUpdate();
            }
            RevocationList.append(c, bindingId.toString(), b.serial, r.reason(), now.toString(), consoleId);
            try (PreparedStatement h = c.prepareStatement("INSERT INTO issuer_state_change (event_id, binding_id,"
                    + " console_id, from_state, to_state, reason, staff, applied, note, occurred_at)"
                    + " VALUES (?, ?, ?, ?, 'DEACTIVATED', ?, ?, TRUE, ?, ?)")) {
                h.setString(1, reportId.toString());
                h.setString(2, bindingId.toString());
                h.setString(3, consoleId);
                h.setString(4, b.state);
                h.setString(5, r.reason());
                h.setString(6, staff);
                h.setString(7, "reported by its owner at another store");
                h.setTimestamp(8, Timestamp.from(now));
                h.executeUpdate();
            }
            return new BandReport.Result(bindingId.toString(), "DEACTIVATED", true);
        });
        if (outcome instanceof IssuerRefusal refusal) {
            throw refusal;
        }
        BandReport.Result result = (BandReport.Result) outcome;
        LOG.warn("console {}: band {} reported {} by its owner; binding {} {}{}", consoleId, serial, r.reason(),
                result.bindingId(), result.state(), result.changed() ? "" : " (sent again)");
        return result;
    }

    /** What the issuer knows of a band, for any registered console's support desk: no customer data. */
    public com.payband.sync.api.IssuerBand band(String serialText) throws IssuerRefusal {
        BandSerial serial = serial(serialText);
        return store.inTransaction(c -> {
            List<com.payband.sync.api.IssuerBand.Binding> bindings = new ArrayList<>();
            boolean stolen = false;
            try (PreparedStatement q = c.prepareStatement("SELECT b.binding_id, b.state, b.reason, k.name, b.prepared_at,"
                    + " b.updated_at, b.reset_at FROM issuer_binding b LEFT JOIN console k ON k.console_id = b.console_id"
                    + " WHERE b.band_serial = ? ORDER BY b.prepared_at DESC")) {
                q.setString(1, serial.value());
                q.setMaxRows(com.payband.sync.api.IssuerBand.MAX_BINDINGS);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (bindings.isEmpty()) {
                            stolen = "DEACTIVATED".equals(rs.getString(2)) && rs.getString(3) != null
                                    && THEFT.contains(rs.getString(3))
                                    && rs.getTimestamp(7) == null;
                        }
                        bindings.add(new com.payband.sync.api.IssuerBand.Binding(rs.getString(1), rs.getString(2),
                                rs.getString(3), rs.getString(4), iso(rs.getTimestamp(5)), iso(rs.getTimestamp(6)),
                                iso(rs.getTimestamp(7))));
                    }
                }
            }
            return new com.payband.sync.api.IssuerBand(serial.value(), stolen, bindings);
        });
    }

    /** A binding's recorded state changes, from every store, oldest first; empty when the issuer has no binding. */
    public Optional<com.payband.sync.api.IssuerBindingHistory> history(String bindingId) throws IssuerRefusal {
        UUID id = uuid(bindingId, "bindingId");
        return Optional.ofNullable(store.inTransaction(c -> {
            if (row(c, id, false) == null) {
                return null;
            }
            List<com.payband.sync.api.IssuerBindingHistory.Step> steps = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT s.occurred_at, s.from_state, s.to_state, s.reason,"
                    + " s.staff, k.name, s.applied FROM issuer_state_change s LEFT JOIN console k"
                    + " ON k.console_id = s.console_id LEFT JOIN sync_event e ON e.event_id = s.event_id"
                    // changes of one moment in the order they arrived (a console sends a binding's in its own order)
                    + " WHERE s.binding_id = ? ORDER BY s.occurred_at, e.received_seq NULLS LAST, s.event_id")) {
                q.setString(1, id.toString());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        steps.add(new com.payband.sync.api.IssuerBindingHistory.Step(iso(rs.getTimestamp(1)),
                                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getBoolean(7)));
                    }
                }
            }
            return new com.payband.sync.api.IssuerBindingHistory(id.toString(), steps);
        }));
    }

    private static String iso(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    /** A binding as the issuer has it. */
    public Optional<IssuerBinding> binding(String bindingId) throws IssuerRefusal {
        UUID id = uuid(bindingId, "bindingId");
        return Optional.ofNullable(store.inTransaction(c -> {
            Row b = row(c, id, false);
            return b == null ? null : new IssuerBinding(id.toString(), b.serial, b.state, b.consoleId);
        }));
    }

    /**
     * A console's lifecycle event, stored in this transaction: a {@code binding.state-changed} of a binding this
     * console made moves the issuer's binding with it (a DEACTIVATED or FAILED binding stays so); every such event
     * is recorded with its staff, reason and console, applied or not.
     */
    @Override
    public void apply(Connection c, String consoleId, List<SyncEvent> stored) throws SQLException {
        // The batch's bindings read in two statements (this console's locked, in binding order, so that two batches
        // lock alike); each change then decides on the row as the changes before it in the batch left it, and the
        // updates and the history are written in batched statements, in the batch's order: a few round trips per
        // batch, not three per change.
        List<Change> changes = new ArrayList<>();
        for (SyncEvent e : stored) {
            if ("binding.state-changed".equals(e.type()) && e.payload() != null) {
                try {
                    changes.add(new Change(e, UUID.fromString(String.valueOf(e.payload().get("bindingId")))));
                } catch (IllegalArgumentException bad) {
                    // not a binding's event the issuer can follow; the event itself is stored
                }
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        Map<UUID, Row> rows = rows(c, consoleId, changes);
        try (PreparedStatement update = c.prepareStatement("UPDATE issuer_binding SET state = ?, reason = ?,"
                        + " updated_at = ? WHERE binding_id = ?");
                PreparedStatement history = c.prepareStatement("INSERT INTO issuer_state_change (event_id, binding_id,"
                        + " console_id, from_state, to_state, reason, staff, applied, note, occurred_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Change change : changes) {
                apply(c, rows, update, history, consoleId, change);
            }
            update.executeBatch();
            history.executeBatch();
        }
    }

    /** A state change of a binding named by a well-formed id. */
    private record Change(SyncEvent event, UUID bindingId) {
    }

    /**
     * The rows of the bindings these changes name, absent when unknown: this console's locked for this transaction,
     * another console's only read (they are never changed here, and a push must not hold another store's rows).
     */
    private static Map<UUID, Row> rows(Connection c, String consoleId, List<Change> changes) throws SQLException {
        List<String> ids = changes.stream().map(x -> x.bindingId().toString()).distinct().toList();
        Map<UUID, Row> rows = new HashMap<>();
        // the ids as one array parameter: a short statement with a fixed text (H2 parses a FOR UPDATE at each run)
        read(c, ROWS + "binding_id = ANY(?) AND console_id = ? ORDER BY binding_id FOR UPDATE", ids, consoleId, rows);
        List<String> rest = ids.stream().filter(id -> !rows.containsKey(UUID.fromString(id))).toList();
        if (!rest.isEmpty()) {
            read(c, ROWS + "binding_id = ANY(?)", rest, null, rows);
        }
        return rows;
    }

    private static void read(Connection c, String sql, List<String> ids, String consoleId, Map<UUID, Row> into)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setArray(1, c.createArrayOf("VARCHAR", ids.toArray()));
            if (consoleId != null) {
                q.setString(2, consoleId);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    into.put(UUID.fromString(rs.getString(9)), row(rs));
                }
            }
        }
    }

    private void apply(Connection c, Map<UUID, Row> rows, PreparedStatement update, PreparedStatement history,
            String consoleId, Change change) throws SQLException {
        SyncEvent e = change.event();
        UUID bindingId = change.bindingId();
        Map<String, Object> p = e.payload();
        String to = String.valueOf(p.get("state"));
        String reason = p.get("reason") == null ? null : String.valueOf(p.get("reason"));
        String staff = p.get("staff") == null ? null : String.valueOf(p.get("staff"));
        Row b = rows.get(bindingId);
        String note = null;
        if (b == null) {
            note = "unknown to the issuer";
        } else if (!b.consoleId.equals(consoleId)) {
            note = "a binding of another console";
        } else if (!STATES.contains(to)) {
            note = "no such state";
        } else if ("DEACTIVATED".equals(b.state) || "FAILED".equals(b.state)) {
            note = "the binding is " + b.state + " for good";
        } else if (reason == null || !to.equals(POLICY.getOrDefault(b.state, Map.of()).get(reason))) {
            // the end of a bind, the only change that goes unsigned, moves a PENDING binding only and only as its
            // reason says: under that reason, un-suspending a lost band would be an unsigned request
            note = "the issuer's policy moves no " + b.state + " binding to " + to + " for " + reason;
        } else if (staff == null || staff.isBlank()) {
            note = "no member of staff named";
        }
        Timestamp at = Timestamp.from(Instant.parse(e.occurredAt()));
        if (note == null) {
            if ("DEACTIVATED".equals(to) && THEFT.contains(reason)) {
                RevocationList.append(c, bindingId.toString(), b.serial, reason, e.occurredAt(), consoleId);
            }
            String kept = reason == null ? null : reason.substring(0, Math.min(32, reason.length()));
            update.setString(1, to);
            update.setString(2, kept);
            update.setTimestamp(3, at);
            update.setString(4, bindingId.toString());
            update.addBatch();
            rows.put(bindingId, b.changed(to, kept));
        } else {
            LOG.warn("console {}: state change of binding {} to {} not applied: {}", consoleId, bindingId, to, note);
        }
        history.setString(1, UUID.fromString(e.eventId()).toString()); // as the event log keeps it: the history joins it
        history.setString(2, bindingId.toString());
        history.setString(3, consoleId);
        history.setString(4, b == null ? null : b.state);
        history.setString(5, to.substring(0, Math.min(16, to.length())));
        history.setString(6, reason == null ? null : reason.substring(0, Math.min(32, reason.length())));
        history.setString(7, staff == null ? null : staff.substring(0, Math.min(128, staff.length())));
        history.setBoolean(8, note == null);
        history.setString(9, note);
        history.setTimestamp(10, at);
        history.addBatch();
    }

    private record Row(String serial, String consoleId, String state, String reason, String identityRef,
            String bindPayloadSha, String sealedSecret, long lastCounter) {

        /** The row as a state change applied earlier in the same batch left it. */
        Row changed(String newState, String newReason) {
            return new Row(serial, consoleId, newState, newReason, identityRef, bindPayloadSha, sealedSecret,
                    lastCounter);
        }
    }

    private static final String ROWS = "SELECT band_serial, console_id, state, reason, identity_ref,"
            + " bind_payload_sha, sealed_secret, last_counter, binding_id FROM issuer_binding WHERE ";
    private static final String ROW = ROWS + "binding_id = ?";

    private static Row row(Connection c, UUID bindingId, boolean forUpdate) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(ROW + (forUpdate ? " FOR UPDATE" : ""))) {
            q.setString(1, bindingId.toString());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8));
    }

    /** What a kept payment secret is bound to: its binding (a sealed secret copied to another row does not open). */
    private static byte[] context(UUID bindingId) {
        return Uuids.bytes(bindingId);
    }

    private static UUID uuid(String value, String field) throws IssuerRefusal {
        try {
            return UUID.fromString(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw malformed(field + ": a UUID");
        }
    }

    private static BandSerial serial(String value) throws IssuerRefusal {
        return BandSerial.parse(String.valueOf(value)).orElseThrow(() -> malformed("bandSerial: PB and six letters or digits"));
    }

    private static byte[] bytes(String value, String field, int max) throws IssuerRefusal {
        if (value == null || value.length() > (max + 2) / 3 * 4) {
            throw malformed(field + ": base64 of at most " + max + " bytes");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed(field + ": not base64");
        }
    }

    private static String staff(String value) throws IssuerRefusal {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw malformed("staff: the member of staff asking (1 to 128 characters)");
        }
        return value;
    }

    private static IssuerRefusal malformed(String message) {
        return new IssuerRefusal(400, ApiErrorCode.MALFORMED_REQUEST, message);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}

package com.payband.backend.consoles;

import com.payband.backend.ca.BackendCa;
import com.payband.backend.store.BackendStore;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.RegistrationCode;
import com.payband.sync.api.RegistrationProof;
import com.payband.sync.api.RegistrationRequest;
import com.payband.sync.api.RegistrationResponse;
import com.payband.sync.api.RenewalResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consoles and their registration: an administrator makes a one-time code ({@link #createCode}), a console
 * proves it holds it and sends a certificate request ({@link #register}), the backend's CA answers with the
 * console's client certificate. Every later call is mutual TLS, looked up here by the certificate
 * ({@link #byCertificate}). A code is used once (the row update that takes it is conditional, so two backend
 * instances cannot both take it), expires, and burns after {@link #MAX_FAILURES} wrong proofs.
 */
public final class ConsoleRegistry {

    public static final Duration DEFAULT_CODE_VALIDITY = Duration.ofHours(24);
    static final int MAX_FAILURES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRegistry.class);

    private final BackendStore store;
    private final BackendCa ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ConsoleRegistry(BackendStore store, BackendCa ca, Clock clock) {
        this.store = store;
        this.ca = ca;
        this.clock = clock;
    }

    /** A new one-time code, valid for {@code validity}. Shown once: only its proof key is kept. */
    public RegistrationCode createCode(Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("a registration code is valid for a moment up to 30 days");
        }
        for (int attempt = 0; ; attempt++) {
            RegistrationCode code = RegistrationCode.generate(random);
            Instant now = clock.instant();
            boolean inserted = store.inTransaction(c -> {
                try (PreparedStatement taken = c.prepareStatement(
                        "SELECT 1 FROM registration_code WHERE code_id = ?")) {
                    taken.setString(1, code.id());
                    if (taken.executeQuery().next()) {
                        return false; // 2^20 ids: a collision with an old code is possible, a reuse is not
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO registration_code (code_id, proof_key,"
                        + " created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, code.id());
                    ps.setString(2, HexFormat.of().formatHex(code.proofKey()));
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setTimestamp(4, Timestamp.from(now.plus(validity)));
                    ps.executeUpdate();
                }
                return true;
            });
            if (inserted) {
                LOG.info("registration code {} made, valid until {}", code.id(), now.plus(validity));
                return code;
            }
            if (attempt > 50) {
                throw new IllegalStateException("no free registration code id: delete old codes");
            }
        }
    }

    /** Registers a console, or refuses with one of the API's errors. */
    public RegistrationResponse register(RegistrationRequest request) throws RegistrationRefused {
        if (request.codeId() == null || request.csrPem() == null || request.proof() == null
                || request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            throw new RegistrationRefused(ApiErrorCode.MALFORMED_REQUEST,
                    "codeId, name (1 to 100 characters), csrPem and proof are required");
        }
        Instant now = clock.instant();
        UUID consoleId = UUID.randomUUID();
        // outcome: null when registered, else the refusal (a wrong proof's failure count is committed too)
        Object outcome = store.inTransaction(c -> {
            String proofKey;
            try (PreparedStatement ps = c.prepareStatement("SELECT proof_key, expires_at, failures, used_at"
                    + " FROM registration_code WHERE code_id = ? FOR UPDATE")) {
                ps.setString(1, request.codeId());
                ResultSet rs = ps.executeQuery();
                if (!rs.next()) {
                    return refusal("unknown code " + request.codeId());
                }
                if (rs.getTimestamp(2).toInstant().isBefore(now)) {
                    return refusal("expired code " + request.codeId());
                }
                if (rs.getInt(3) >= MAX_FAILURES) {
                    return refusal("burnt code " + request.codeId());
                }
                if (rs.getTimestamp(4) != null) {
                    return refusal("used code " + request.codeId());
                }
                proofKey = rs.getString(1);
            }
            byte[] key = HexFormat.of().parseHex(proofKey);
            String expected = RegistrationProof.request(key, request.codeId(), request.name(), request.csrPem());
            if (!RegistrationProof.matches(expected, request.proof())) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE registration_code SET failures = failures + 1 WHERE code_id = ?")) {
                    ps.setString(1, request.codeId());
                    ps.executeUpdate();
                }
                return refusal("wrong proof for code " + request.codeId());
            }
            X509Certificate cert;
            try {
                cert = ca.issueConsole(request.csrPem(), consoleId, request.name().strip());
            } catch (BackendCa.CsrException e) {
                return new RegistrationRefused(ApiErrorCode.CSR_INVALID, e.getMessage());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE registration_code SET used_at = ?, used_by = ?"
                    + " WHERE code_id = ? AND used_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, consoleId.toString());
                ps.setString(3, request.codeId());
                if (ps.executeUpdate() != 1) {
                    return refusal("code " + request.codeId() + " taken at the same moment");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO console (console_id, name,"
                    + " certificate_serial, certificate_sha256, not_after, registered_at, code_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, consoleId.toString());
                ps.setString(2, request.name().strip());
                ps.setString(3, cert.getSerialNumber().toString(16));
                ps.setString(4, fingerprint(cert));
                ps.setTimestamp(5, Timestamp.from(cert.getNotAfter().toInstant()));
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setString(7, request.codeId());
                ps.executeUpdate();
            }
            return new Issued(cert, key);
        });
        if (outcome instanceof RegistrationRefused refused) {
            throw refused;
        }
        Issued issued = (Issued) outcome;
        X509Certificate cert = issued.certificate();
        String certPem = BackendCa.pem(cert);
        String caPem = BackendCa.pem(ca.certificate());
        LOG.info("console {} ({}) registered with code {}", consoleId, request.name().strip(), request.codeId());
        return new RegistrationResponse(consoleId.toString(), certPem, caPem,
                RegistrationProof.response(issued.proofKey(), consoleId.toString(), certPem, caPem));
    }

    /** The console a TLS client certificate belongs to, revoked or not. */
    public Optional<ConsoleRecord> byCertificate(X509Certificate cert) {
        String sha = fingerprint(cert);
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + " WHERE certificate_sha256 = ? OR previous_sha256 = ?")) {
                ps.setString(1, sha);
                ps.setString(2, sha);
                ResultSet rs = ps.executeQuery();
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        });
    }

    /**
     * A new certificate for the key in {@code csrPem}. The certificate the console called with stays valid as its
     * previous one (the one before it stops), so that a console that lost the answer can renew again.
     */
    public RenewalResponse renew(ConsoleRecord console, X509Certificate used, String csrPem) throws RegistrationRefused {
        if (csrPem == null || csrPem.length() > 8192) {
            throw new RegistrationRefused(ApiErrorCode.MALFORMED_REQUEST, "csrPem is required");
        }
        X509Certificate cert;
        try {
            cert = ca.issueConsole(csrPem, UUID.fromString(console.consoleId()), console.name());
        } catch (BackendCa.CsrException e) {
            throw new RegistrationRefused(ApiErrorCode.CSR_INVALID, e.getMessage());
        }
        boolean done = store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE console SET previous_sha256 = ?,"
                    + " certificate_serial = ?, certificate_sha256 = ?, not_after = ?"
                    + " WHERE console_id = ? AND revoked_at IS NULL")) {
                ps.setString(1, fingerprint(used));
                ps.setString(2, cert.getSerialNumber().toString(16));
                ps.setString(3, fingerprint(cert));
                ps.setTimestamp(4, Timestamp.from(cert.getNotAfter().toInstant()));
                ps.setString(5, console.consoleId());
                return ps.executeUpdate() == 1;
            }
        });
        if (!done) {
            throw new RegistrationRefused(ApiErrorCode.CONSOLE_REVOKED, "this console was revoked");
        }
        LOG.info("console {} ({}) renewed its certificate, now valid until {}", console.consoleId(), console.name(),
                cert.getNotAfter().toInstant());
        return new RenewalResponse(BackendCa.pem(cert));
    }

    public List<ConsoleRecord> list() {
        return store.inTransaction(c -> {
            List<ConsoleRecord> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY registered_at")) {
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    all.add(record(rs));
                }
            }
            return all;
        });
    }

    /** Revokes a console: its certificate opens nothing from now on. False if no such console. */
    public boolean revoke(String consoleId, String reason) {
        Instant now = clock.instant();
        boolean done = store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE console SET revoked_at = ?, revoked_reason = ?"
                    + " WHERE console_id = ? AND revoked_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, reason == null ? null : reason.substring(0, Math.min(200, reason.length())));
                ps.setString(3, consoleId);
                return ps.executeUpdate() == 1;
            }
        });
        if (done) {
            LOG.info("console {} revoked ({})", consoleId, reason);
        }
        return done;
    }

    private static RegistrationRefused refusal(String why) {
        LOG.warn("registration refused: {}", why);
        return new RegistrationRefused(ApiErrorCode.REGISTRATION_CODE_INVALID,
                "the registration code is not valid: ask the backend's administrator for a new one");
    }

    private record Issued(X509Certificate certificate, byte[] proofKey) {
    }

    private static final String SELECT = "SELECT console_id, name, certificate_serial, not_after, registered_at,"
            + " revoked_at, revoked_reason FROM console";

    private static ConsoleRecord record(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp(6);
        return new ConsoleRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant(), revoked == null ? null : revoked.toInstant(), rs.getString(7));
    }

    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

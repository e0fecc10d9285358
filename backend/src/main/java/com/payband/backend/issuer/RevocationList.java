package com.payband.backend.issuer;

import com.payband.backend.store.BackendStore;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.RevocationDelta;
import com.payband.sync.api.RevocationEntry;
import com.payband.sync.api.RevocationHead;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The revocation list of stolen bands: appended to in the transaction that applies a console's STOLEN or FRAUD
 * deactivation, read by every console from its cursor on, each answer with the head freshly signed by the issuer's
 * root key (which the console already trusts: the bands pin it).
 */
public final class RevocationList {

    private final BackendStore store;
    private final IssuerKeys keys;
    private final Clock clock;

    public RevocationList(BackendStore store, IssuerKeys keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    /** Appends a revoked binding (once: a binding already on the list is left as it is); whether it was added. */
    static boolean append(Connection c, String bindingId, String bandSerial, String reason, String revokedAt,
            String consoleId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM revocation WHERE binding_id = ?")) {
            q.setString(1, bindingId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        long seq;
        String previous;
        // the head row is locked until this transaction ends: appenders on every instance take turns
        try (PreparedStatement q = c.prepareStatement("SELECT seq, hash FROM revocation_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = q.executeQuery()) {
            rs.next();
            seq = rs.getLong(1) + 1;
            previous = rs.getString(2);
        }
        String hash = RevocationEntry.chain(previous, seq, bindingId, bandSerial, reason, revokedAt);
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO revocation (seq, binding_id, band_serial, reason,"
                + " revoked_at, console_id, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement head = c.prepareStatement("UPDATE revocation_head SET seq = ?, hash = ? WHERE id = 1")) {
            ins.setLong(1, seq);
            ins.setString(2, bindingId);
            ins.setString(3, bandSerial);
            ins.setString(4, reason);
            ins.setString(5, revokedAt);
            ins.setString(6, consoleId);
            ins.setString(7, hash);
            ins.executeUpdate();
            head.setLong(1, seq);
            head.setString(2, hash);
            head.executeUpdate();
        }
        return true;
    }

    /** The entries after {@code after} (at most {@code limit}) and the signed head. */
    public RevocationDelta after(long after, int limit) {
        int page = Math.max(1, Math.min(limit, ApiPaths.MAX_REVOCATIONS_PER_PAGE));
        return store.inTransaction(c -> {
            long headSeq;
            String headHash;
            try (PreparedStatement q = c.prepareStatement("SELECT seq, hash FROM revocation_head WHERE id = 1");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            List<RevocationEntry> entries = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT seq, binding_id, band_serial, reason, revoked_at,"
                    + " entry_hash FROM revocation WHERE seq > ? AND seq <= ? ORDER BY seq")) {
                q.setLong(1, after);
                q.setLong(2, headSeq);
                q.setMaxRows(page);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new RevocationEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            long last = entries.isEmpty() ? after : entries.get(entries.size() - 1).seq();
            String signedAt = clock.instant().toString();
            String signature = Base64.getEncoder().encodeToString(
                    keys.sign(RevocationHead.toBeSigned(headSeq, headHash, signedAt)));
            return new RevocationDelta(entries, new RevocationHead(headSeq, headHash, signedAt, signature),
                    last < headSeq);
        });
    }
}

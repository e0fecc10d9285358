package com.payband.console.sync;

import com.payband.backend.Backend;
import com.payband.backend.events.EventLog;
import com.payband.backend.issuer.IssuerKeys;
import com.payband.backend.issuer.IssuerService;
import com.payband.backend.store.BackendStore;
import com.payband.sync.api.RevocationEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A real reference backend for the console's tests, in this JVM on loopback (its embedded H2 file, its own CA):
 * the console reaches it only over HTTPS with mutual TLS, as it would a remote one. Administration goes through
 * the backend's own registry, as its operator's command line would.
 */
public final class TestBackend implements AutoCloseable {

    private final Backend backend;
    private final Path dir;
    /** The PostgreSQL database this backend keeps its records in; none on H2. */
    private final String jdbcUrl;

    private TestBackend(Backend backend, Path dir, String jdbcUrl) {
        this.backend = backend;
        this.dir = dir;
        this.jdbcUrl = jdbcUrl;
    }

    /** A backend on loopback with its H2 file, CA and software issuer keys in {@code dir}. */
    public static TestBackend start(Path dir) throws IOException {
        return start(dir, Backend.Settings.local("test-admin-token").authorisationsPerMinute());
    }

    /** As {@link #start(Path)}, with the issuer's rate limit (band authorisations per console and minute). */
    public static TestBackend start(Path dir, int authorisationsPerMinute) throws IOException {
        return start(dir, null, authorisationsPerMinute);
    }

    /**
     * As {@link #start(Path)}, on the backend's production store: a fresh database of the backend's PostgreSQL test
     * peer (its CA and issuer keys still in {@code dir}).
     */
    public static TestBackend onPostgres(Path dir, String database) throws IOException {
        return start(dir, com.payband.backend.testpeer.Postgres.shared().createDatabase(database),
                Backend.Settings.local("test-admin-token").authorisationsPerMinute());
    }

    /**
     * Another instance of this PostgreSQL backend, as behind a load balancer: the same database, CA and issuer keys,
     * its own port and nothing shared in memory.
     */
    public TestBackend secondInstance() throws IOException {
        if (jdbcUrl == null) {
            throw new IllegalStateException("a second instance needs the backend on PostgreSQL");
        }
        return start(dir, jdbcUrl, Backend.Settings.local("test-admin-token").authorisationsPerMinute());
    }

    private static TestBackend start(Path dir, String jdbcUrl, int authorisationsPerMinute) throws IOException {
        BackendStore store = BackendStore.open(dir, jdbcUrl,
                jdbcUrl == null ? null : com.payband.backend.testpeer.Postgres.shared().user(), null);
        Backend.Settings local = Backend.Settings.local("test-admin-token");
        return new TestBackend(Backend.start(store, dir.resolve("ca"),
                IssuerKeys.software(dir.resolve("issuer")), new Backend.Settings(local.host(), local.port(),
                        local.adminToken(), local.hostNames(), local.acceptSimulated(), authorisationsPerMinute)),
                dir, jdbcUrl);
    }

    public String url() {
        return backend.server().url().toString();
    }

    public URI uri() {
        return backend.server().url();
    }

    /** A fresh one-time code, as the backend's administrator would read it out. */
    public String code() {
        return backend.registry().createCode(Duration.ofHours(1)).toString();
    }

    /** What the backend has received: its event log. */
    public EventLog events() {
        return backend.events();
    }

    /** The backend's issuer. */
    public IssuerService issuer() {
        return backend.issuer();
    }

    /** The backend's database, for tests that play a backend whose data was tampered with or restored. */
    public BackendStore store() {
        return backend.store();
    }

    /**
     * Puts n chained stolen reports straight into the backend's list (as n reports from other stores would), entries
     * 1 to n with serials PB000001 on, and moves its head to the last; the head is signed when a console asks.
     */
    public void fillRevocationList(int n) {
        store().inTransaction(c -> {
            String hash = RevocationEntry.GENESIS;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO revocation (seq, binding_id, band_serial,"
                    + " reason, revoked_at, console_id, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                String at = Instant.now().toString();
                for (int i = 1; i <= n; i++) {
                    String binding = UUID.randomUUID().toString();
                    String serial = String.format(Locale.ROOT, "PB%06d", i % 1_000_000);
                    hash = RevocationEntry.chain(hash, i, binding, serial, "STOLEN", at);
                    ins.setLong(1, i);
                    ins.setString(2, binding);
                    ins.setString(3, serial);
                    ins.setString(4, "STOLEN");
                    ins.setString(5, at);
                    ins.setString(6, "elsewhere");
                    ins.setString(7, hash);
                    ins.addBatch();
                    if (i % 5000 == 0) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            try (PreparedStatement head = c.prepareStatement("UPDATE revocation_head SET seq = ?, hash = ? WHERE id = 1")) {
                head.setLong(1, n);
                head.setString(2, hash);
                head.executeUpdate();
            }
            return null;
        });
    }

    public boolean revoke(String consoleId) {
        return backend.registry().revoke(consoleId, "test");
    }

    @Override
    public void close() {
        backend.close();
    }
}

package com.payband.backend.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The backend's system of record: PostgreSQL in production and in the tests, an embedded H2 file in the data
 * folder by default (the demo backend). The schema is Flyway's (db/backend). Nothing another backend instance
 * needs is kept in memory: instances in front of one PostgreSQL share everything through it.
 */
public final class BackendStore implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final String url;
    /** The embedded H2 file (the demo backend), whose commits need a CHECKPOINT to be durable. */
    private final boolean embedded;

    private BackendStore(HikariDataSource dataSource, String url, boolean embedded) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.url = url;
    }

    /** How many values of the event order H2 hands out between two writes of its sequence. */
    static final int H2_SEQUENCE_CACHE = 10_000;

    /**
     * @param jdbcUrl null for the embedded H2 file in {@code dataDir}
     */
    public static BackendStore open(Path dataDir, String jdbcUrl, String user, String password) {
        String url = jdbcUrl != null ? jdbcUrl
                // WRITE_DELAY=0: a commit is written by the committing thread. With H2's background writer, a
                // CHECKPOINT that meets the writer mid-store returns before the chunk is on disk (the console saw a
                // commit lost to a kill -9 that way), and an event answered as stored must survive one
                : "jdbc:h2:file:" + dataDir.resolve("db").resolve("backend").toAbsolutePath()
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("the backend stores its data in PostgreSQL (jdbc:postgresql:...)"
                    + " or H2 (jdbc:h2:...), not " + url);
        }
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            url += ";WRITE_DELAY=0"; // an H2 file given with --db-url answers a push only once it is written too
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(16);
        config.setPoolName("backend-store");
        // a store that cannot be reached fails at once, with the driver's reason, not after 30 s
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        if (url.startsWith("jdbc:postgresql:")) {
            // The driver reuses a statement's server-side plan after five runs, and PostgreSQL then settles on a
            // generic plan made when the table was small: on a new backend's event table, a sequential scan kept
            // until autovacuum analyzed it, so each push's look-up of its events' ids grew with the table (50 of a
            // 100,000-event push's 88 s). A plan made for each run costs a fraction of a millisecond.
            config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/backend").load().migrate();
            if (url.startsWith("jdbc:h2:")) {
                // H2 keeps 32 values of an identity in memory and commits the sequence each time they run out: with
                // WRITE_DELAY=0 a write of every changed page, the open batch's included, every 32 events stored (a
                // third of a 100,000-event push). H2's cache is one per sequence, so the values stay in arrival
                // order; a crash skips what was cached (a gap, never a repeat). Not on PostgreSQL, whose cache is
                // one per session: two connections would hand out interleaved ranges, out of arrival order.
                try (Connection c = ds.getConnection(); Statement alter = c.createStatement()) {
                    alter.execute("ALTER TABLE sync_event ALTER COLUMN received_seq SET CACHE " + H2_SEQUENCE_CACHE);
                }
            }
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        } catch (SQLException e) {
            ds.close();
            throw new StoreException(e);
        }
        return new BackendStore(ds, url, url.startsWith("jdbc:h2:"));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL without credentials, for messages. */
    public String url() {
        return url;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                T result = work.run(c);
                c.commit();
                if (embedded) {
                    // H2 writes commits to its file in the background, within a second: a backend killed in
                    // that second would lose what it already answered as stored. CHECKPOINT writes it now
                    // (nothing to write after a read). PostgreSQL's commit is durable by itself.
                    try (Statement checkpoint = c.createStatement()) {
                        checkpoint.execute("CHECKPOINT");
                    }
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** One transaction's work. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The store failed (unreachable, or a statement failed): the request may be retried. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("the backend's database failed: " + cause.getMessage(), cause);
        }
    }
}

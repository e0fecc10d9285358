package com.payband.console.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 database in the data folder: Flyway owns the schema (with a backup before every migration of
 * an existing database), Hibernate maps the entities and validates that they match it.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String MIGRATIONS = "classpath:db/migration";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The user H2 made when it created the database; it has every right, and a password only we know. */
    private static final String USER = "payband";
    /**
     * H2's page cache (KB): a quarter of the heap, between 64 and 256 MB. A long offline queue outgrows a small one,
     * and each page read back from the file is decrypted again (with 64 MB, half of the reading of a 100,000-event
     * push; benchmarks.md). It fills as pages are read and stays full for the session: a store's everyday data keeps
     * it small, a backlog of 100,000 events fills it.
     */
    private static final long CACHE_KB = Math.max(64 * 1024, Math.min(256 * 1024,
            Runtime.getRuntime().maxMemory() / 4 / 1024));
    /** How an H2 (MVStore) file that is not encrypted begins. */
    private static final byte[] PLAIN_HEADER = "H:2,".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** How a file H2 encrypted begins (its FileEncrypt header). */
    private static final byte[] ENCRYPTED_HEADER = "H2encrypt\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final DataFolder folder;
    private final DatabaseKeys keys;
    private final HikariDataSource pool;
    private final SessionFactory sessionFactory;
    /** Work to run once the current thread's transaction is durable (see {@link #afterDurableCommit}). */
    private final ThreadLocal<List<Runnable>> afterDurable = new ThreadLocal<>();

    private Database(DataFolder folder, DatabaseKeys keys, HikariDataSource pool, SessionFactory sessionFactory) {
        this.folder = folder;
        this.keys = keys;
        this.pool = pool;
        this.sessionFactory = sessionFactory;
    }

    /**
     * Opens (and creates or migrates) the encrypted database. The caller holds the folder lock. A file
     * that these keys do not open is {@link StoreException.Reason#KEY_MISMATCH}; one that is not
     * encrypted (a store of an earlier version) must go through {@link #encryptPlainFile} first.
     *
     * @param entities the annotated entity classes of every feature
     */
    public static Database open(DataFolder folder, List<Class<?>> entities, Clock clock, DatabaseKeys keys)
            throws StoreException {
        return open(folder, entities, clock, keys, List.of());
    }

    /** For tests of migrating: {@link #open(DataFolder, List, Clock, DatabaseKeys)} with further migrations. */
    static Database open(DataFolder folder, List<Class<?>> entities, Clock clock, DatabaseKeys keys,
            List<String> extraMigrationLocations) throws StoreException {
        if (format(folder) == FileFormat.PLAIN) {
            throw new StoreException(StoreException.Reason.TAMPERED, StoreException.PLAIN_FILE);
        }
        HikariDataSource pool = pool(folder, keys);
        try {
            migrate(folder, pool, clock, extraMigrationLocations);
            SessionFactory sessionFactory = buildSessionFactory(pool, entities);
            return new Database(folder, keys, pool, sessionFactory);
        } catch (StoreException | RuntimeException e) {
            pool.close();
            shutdownQuietly(folder, keys);
            throw e;
        }
    }

    /** What the database file is, judged by its first bytes. */
    public enum FileFormat {
        /** No database file yet: opening creates an encrypted one. */
        NONE,
        /** An H2 file in clear: a store of a version before 2026-12, or one put there by someone else. */
        PLAIN,
        ENCRYPTED,
        /** Not an H2 file at all. */
        UNKNOWN
    }

    public static FileFormat format(DataFolder folder) throws StoreException {
        return format(folder.databaseFile());
    }

    static FileFormat format(Path file) throws StoreException {
        byte[] start;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(ENCRYPTED_HEADER.length);
        } catch (java.nio.file.NoSuchFileException e) {
            return FileFormat.NONE;
        } catch (java.io.IOException e) {
            throw new StoreException(StoreException.Reason.IO, "cannot read " + file.getFileName(), e);
        }
        if (java.util.Arrays.equals(start, ENCRYPTED_HEADER)) {
            return FileFormat.ENCRYPTED;
        }
        if (start.length >= PLAIN_HEADER.length
                && java.util.Arrays.equals(java.util.Arrays.copyOf(start, PLAIN_HEADER.length), PLAIN_HEADER)) {
            return FileFormat.PLAIN;
        }
        return start.length == 0 ? FileFormat.NONE : FileFormat.UNKNOWN;
    }

    /**
     * Opens a database file in clear as it stands: no migration, no entities. Only to check a store of
     * an earlier version before it is encrypted (and for tests). The caller holds the folder lock.
     */
    public static Database openPlainForCheck(DataFolder folder, List<Class<?>> entities) throws StoreException {
        if (format(folder) != FileFormat.PLAIN) {
            throw new StoreException(StoreException.Reason.IO, "the database file is not an unencrypted H2 file");
        }
        // read-only: a file that is not ours is left exactly as it was found
        HikariConfig config = poolConfig("jdbc:h2:file:" + folder.databaseBase() + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r;"
                + "TRACE_LEVEL_FILE=4;DB_CLOSE_ON_EXIT=FALSE", "");
        HikariDataSource pool = start(config, folder);
        try {
            return new Database(folder, null, pool, buildSessionFactory(pool, entities));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Encrypts a store's database file that is in clear (the store was made by an earlier version): a
     * copy is encrypted and given the user's password in a folder of its own, then moved over the
     * original in one step, so that a crash leaves either the old file or the new one. The store is
     * closed and the caller holds the folder lock.
     */
    public static void encryptPlainFile(DataFolder folder, DatabaseKeys keys) throws StoreException {
        Path work = folder.databaseDirectory().resolve("encrypting");
        try {
            com.payband.console.files.Folders.deleteTree(work);
            Files.createDirectories(work);
            Files.copy(folder.databaseFile(), work.resolve("payband.mv.db"));
            org.h2.tools.ChangeFileEncryption.execute(work.toString(), "payband", "AES", null, keys.filePassword(), true);
            try (var connection = java.sql.DriverManager.getConnection(
                    "jdbc:h2:file:" + work.resolve("payband") + ";CIPHER=AES;IFEXISTS=TRUE;TRACE_LEVEL_FILE=4",
                    USER, new String(keys.filePassword()) + " ");
                    var statement = connection.prepareStatement("ALTER USER " + USER.toUpperCase(java.util.Locale.ROOT)
                            + " SET PASSWORD ?")) {
                statement.setString(1, new String(keys.userPassword()));
                statement.execute();
                try (var shutdown = connection.createStatement()) {
                    shutdown.execute("SHUTDOWN");
                }
            }
            com.payband.console.files.DurableFile.move(work.resolve("payband.mv.db"), folder.databaseFile());
            com.payband.console.files.Folders.deleteTree(work);
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new StoreException(StoreException.Reason.IO, "cannot encrypt the database: " + e.getMessage(), e);
        }
    }

    /**
     * The connection pool. HikariCP rather than H2's own pool: H2's hands out a new connection object for
     * every checkout, whose settings cache starts empty, and Hibernate asks each statement for its query
     * timeout on release: a query of H2's INFORMATION_SCHEMA per transaction (~10% of an enrollment's
     * database time, measured with JFR). The first connection opens the database here, so that a file
     * that cannot be opened is reported at once, not after the pool's wait.
     */
    private static HikariDataSource pool(DataFolder folder, DatabaseKeys keys) throws StoreException {
        HikariDataSource pool = start(poolConfig(url(folder), keys.jdbcPassword()), folder);
        // set once here, not in the URL: H2 applies a URL's settings again for each new connection, and setting
        // the cache's size empties it (the pool opens connections as the console needs them)
        try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("SET CACHE_SIZE " + CACHE_KB);
        } catch (java.sql.SQLException e) {
            LOG.warn("the store's page cache keeps H2's size: {}", e.getMessage());
        }
        return pool;
    }

    private static HikariConfig poolConfig(String url, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(USER);
        config.setPassword(password);
        config.setPoolName("payband-store");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setInitializationFailTimeout(1);
        // an embedded database: no connection to retire (H2 would close the database with the last one)
        config.setMaxLifetime(0);
        return config;
    }

    private static HikariDataSource start(HikariConfig config, DataFolder folder) throws StoreException {
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof java.sql.SQLException sql && (sql.getErrorCode() == org.h2.api.ErrorCode.FILE_ENCRYPTION_ERROR_1
                    || sql.getErrorCode() == org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD)) {
                // H2 suggests its recovery tool here; the truth is that this key does not open this file
                throw new StoreException(StoreException.Reason.KEY_MISMATCH, folder.toString(), sql);
            }
            if (damaged(cause)) {
                throw new StoreException(StoreException.Reason.TAMPERED, StoreException.UNREADABLE, cause);
            }
            throw new StoreException(StoreException.Reason.MIGRATION_FAILED, cause.getMessage(), cause);
        }
    }

    static String url(DataFolder folder) {
        // TRACE_LEVEL_FILE=4: H2's own diagnostics go to SLF4J (our log file), not to a .trace.db file.
        // DB_CLOSE_ON_EXIT=FALSE: the console closes the database itself, after its last write.
        // WRITE_DELAY=0: each commit is written to the file by the committing thread before it returns. With H2's
        // background writer (the default, 1 s), a CHECKPOINT that finds the writer storing at that moment returns
        // without waiting for the writer's asynchronous chunk write, and a kill -9 then loses the commit (seen: a
        // record written just before a band step, gone one run in three). The CHECKPOINT after each transaction
        // (see inTransaction) stays as a second guard; compaction happens on store and at close instead.
        // CIPHER=AES: the file is encrypted as a whole, so that nobody edits rows around the console.
        // The page cache's size is set once the pool is open (see pool and CACHE_KB).
        return "jdbc:h2:file:" + folder.databaseBase()
                + ";CIPHER=AES;TRACE_LEVEL_FILE=4;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    private static void migrate(DataFolder folder, DataSource dataSource, Clock clock, List<String> extraLocations)
            throws StoreException {
        List<String> locations = new java.util.ArrayList<>(List.of(MIGRATIONS));
        locations.addAll(extraLocations);
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .failOnMissingLocations(true)
                .load();
        try {
            MigrationInfoService info = flyway.info();
            MigrationInfo current = info.current();
            MigrationInfo[] pending = info.pending();
            if (current != null && pending.length > 0) {
                String to = pending[pending.length - 1].getVersion().getVersion();
                Path target = folder.backups().resolve("pre-migration-v" + current.getVersion().getVersion()
                        + "-to-v" + to + "-" + STAMP.format(clock.instant()) + ".zip");
                LOG.info("backing up the store to {} before migrating to schema v{}", target.getFileName(), to);
                StoreBackup.write(folder, dataSource, target, clock);
            }
            var result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("schema migrated to v{} ({} migrations)", result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            if (damaged(e)) {
                // the schema's own history cannot be read: the file was altered (blocks of another copy put back)
                throw new StoreException(StoreException.Reason.TAMPERED, StoreException.UNREADABLE, e);
            }
            throw new StoreException(StoreException.Reason.MIGRATION_FAILED, e.getMessage(), e);
        }
    }

    /** Whether H2 found rows it cannot read (a value of the wrong type, a broken page): damage, not a schema step. */
    private static boolean damaged(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException sql && (sql.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1
                    || sql.getErrorCode() == org.h2.api.ErrorCode.DATA_CONVERSION_ERROR_1
                    || sql.getErrorCode() == org.h2.api.ErrorCode.GENERAL_ERROR_1)) {
                return true;
            }
        }
        return false;
    }

    private static SessionFactory buildSessionFactory(DataSource dataSource, List<Class<?>> entities) {
        Configuration configuration = new Configuration();
        entities.forEach(configuration::addAnnotatedClass);
        configuration.getProperties().put(AvailableSettings.DATASOURCE, dataSource);
        configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "validate");
        configuration.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "100");
        configuration.setProperty(AvailableSettings.ORDER_INSERTS, "true");
        configuration.setProperty(AvailableSettings.SHOW_SQL, "false");
        configuration.setProperty(AvailableSettings.LOG_SESSION_METRICS, "false");
        configuration.setProperty(AvailableSettings.GENERATE_STATISTICS, "false");
        configuration.setProperty("hibernate.type.preferred_instant_jdbc_type", "TIMESTAMP_UTC");
        return configuration.buildSessionFactory();
    }

    /**
     * Runs the work in a transaction and makes its commit durable before returning. H2 by itself writes
     * commits to the file in the background within a second, so a kill -9 right after a commit loses it
     * (measured: all of them, schema included, when the process dies in its first second); the
     * CHECKPOINT that follows each transaction writes the store at once, and costs nothing when the
     * transaction only read.
     */
    public <T> T inTransaction(Function<Session, T> work) {
        List<Runnable> outer = afterDurable.get();
        List<Runnable> hooks = new java.util.ArrayList<>();
        afterDurable.set(hooks);
        try (Session session = sessionFactory.openSession()) {
            org.hibernate.Transaction transaction = session.beginTransaction();
            T result;
            try {
                result = work.apply(session);
                transaction.commit();
            } catch (RuntimeException | Error e) {
                if (transaction.isActive()) {
                    transaction.rollback();
                }
                throw e;
            }
            // on the session's own connection: one pool checkout per transaction, not two
            session.doWork(Database::checkpoint);
            hooks.forEach(Runnable::run);
            return result;
        } finally {
            afterDurable.set(outer);
        }
    }

    /**
     * Runs the action once the transaction of this thread's {@link #inTransaction} call has committed
     * and been written to the file (at once when there is none): what records that a commit happened
     * (the audit anchor) must never get ahead of the file, or a crash would leave it claiming events the
     * file never got.
     */
    public void afterDurableCommit(Runnable action) {
        List<Runnable> hooks = afterDurable.get();
        if (hooks == null) {
            action.run();
        } else {
            hooks.add(action);
        }
    }

    /**
     * Runs the work, sends its writes to the database, and rolls everything back: nothing changes. For
     * warming a write path (Hibernate's and H2's code, the JIT) before someone waits on it.
     */
    public void dryRun(Consumer<Session> work) {
        try (Session session = sessionFactory.openSession()) {
            org.hibernate.Transaction transaction = session.beginTransaction();
            try {
                work.accept(session);
                session.flush();
            } finally {
                transaction.rollback();
            }
        }
    }

    public void runInTransaction(Consumer<Session> work) {
        inTransaction(s -> {
            work.accept(s);
            return null;
        });
    }

    private static void checkpoint(java.sql.Connection connection) {
        try (var statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (java.sql.SQLException e) {
            LOG.warn("checkpoint failed: {}", e.getMessage());
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public DataFolder folder() {
        return folder;
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    /** Size of the database file in bytes. */
    public long fileSize() {
        try {
            return Files.size(folder.databaseFile());
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        sessionFactory.close();
        // Closing the pool closes the last connection, and H2 then closes the database cleanly.
        pool.close();
    }

    /**
     * Closes the database and rewrites its file without the space old versions left behind (H2 keeps
     * superseded pages for 45 s and reuses them later; a burst of writes can leave the file large).
     */
    public void closeCompacted() {
        close();
        try (var connection = java.sql.DriverManager.getConnection(url(folder) + ";IFEXISTS=TRUE", USER, keys.jdbcPassword());
                var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (java.sql.SQLException e) {
            LOG.warn("compaction failed: {}", e.getMessage());
        }
    }

    private static void shutdownQuietly(DataFolder folder, DatabaseKeys keys) {
        try (var connection = java.sql.DriverManager.getConnection(url(folder) + ";IFEXISTS=TRUE", USER, keys.jdbcPassword());
                var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            // nothing open, nothing to shut
        }
    }
}

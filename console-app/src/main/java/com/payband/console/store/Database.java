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

    private final DataFolder folder;
    private final HikariDataSource pool;
    private final SessionFactory sessionFactory;

    private Database(DataFolder folder, HikariDataSource pool, SessionFactory sessionFactory) {
        this.folder = folder;
        this.pool = pool;
        this.sessionFactory = sessionFactory;
    }

    /**
     * Opens (and creates or migrates) the database. The caller holds the folder lock.
     *
     * @param entities the annotated entity classes of every feature
     */
    public static Database open(DataFolder folder, List<Class<?>> entities, Clock clock) throws StoreException {
        return open(folder, entities, clock, List.of());
    }

    /** For tests of migrating: {@link #open(DataFolder, List, Clock)} with migrations from further locations too. */
    static Database open(DataFolder folder, List<Class<?>> entities, Clock clock, List<String> extraMigrationLocations)
            throws StoreException {
        HikariDataSource pool = pool(folder);
        try {
            migrate(folder, pool, clock, extraMigrationLocations);
            SessionFactory sessionFactory = buildSessionFactory(pool, entities);
            return new Database(folder, pool, sessionFactory);
        } catch (StoreException | RuntimeException e) {
            pool.close();
            shutdownQuietly(folder);
            throw e;
        }
    }

    /**
     * The connection pool. HikariCP rather than H2's own pool: H2's hands out a new connection object for
     * every checkout, whose settings cache starts empty, and Hibernate asks each statement for its query
     * timeout on release: a query of H2's INFORMATION_SCHEMA per transaction (~10% of an enrollment's
     * database time, measured with JFR). The first connection opens the database here, so that a file
     * that cannot be opened is reported at once, not after the pool's wait.
     */
    private static HikariDataSource pool(DataFolder folder) throws StoreException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(folder));
        config.setUsername("payband");
        config.setPassword("");
        config.setPoolName("payband-store");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setInitializationFailTimeout(1);
        // an embedded database: no connection to retire (H2 would close the database with the last one)
        config.setMaxLifetime(0);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException(StoreException.Reason.MIGRATION_FAILED, cause.getMessage(), cause);
        }
    }

    static String url(DataFolder folder) {
        // TRACE_LEVEL_FILE=4: H2's own diagnostics go to SLF4J (our log file), not to a .trace.db file.
        // DB_CLOSE_ON_EXIT=FALSE: the console closes the database itself, after its last write.
        // Durability comes from the CHECKPOINT after each transaction (see inTransaction), not WRITE_DELAY=0,
        // which would also stop H2's background compaction.
        return "jdbc:h2:file:" + folder.databaseBase() + ";TRACE_LEVEL_FILE=4;DB_CLOSE_ON_EXIT=FALSE";
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
            throw new StoreException(StoreException.Reason.MIGRATION_FAILED, e.getMessage(), e);
        }
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
            return result;
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
        try (var connection = java.sql.DriverManager.getConnection(url(folder), "payband", "");
                var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (java.sql.SQLException e) {
            LOG.warn("compaction failed: {}", e.getMessage());
        }
    }

    private static void shutdownQuietly(DataFolder folder) {
        try (var connection = java.sql.DriverManager.getConnection(url(folder) + ";IFEXISTS=TRUE", "payband", "");
                var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            // nothing open, nothing to shut
        }
    }
}

package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.payband.console.RawDatabase;
import com.payband.console.TestCounter;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.app.StoreAdministration;
import com.payband.console.audit.Actor;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.crypto.KeyVault;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup puts the store back as it was: what came later is gone, what was there is there, the
 * audit trail verifies, and the database it replaced is kept. A backup of another store, or a file
 * that is no backup at all, is refused with a StoreException and changes nothing.
 */
class BackupRestoreTest {

    private static final String CLERK = "clerk";

    @TempDir
    Path root;

    @Test
    void aRestoreBringsBackTheStoreAsItWasAtTheBackupAndKeepsTheDatabaseItReplaced() throws Exception {
        Path store = root.resolve("store");
        Path backup = storeWithBackupAndLaterCustomers(store);

        ConsoleServices.restore(new DataFolder(store), backup, Clock.systemUTC());

        List<Path> kept = keptDatabases(store);
        assertThat(kept).hasSize(1);
        assertThat(customersIn(kept.get(0))).isEqualTo(4);
        assertStoreAsAtTheBackup(store);
    }

    @Test
    void twoRestoresWithinTheSameSecondKeepBothReplacedDatabases() throws Exception {
        Path store = root.resolve("store");
        Path backup = storeWithBackupAndLaterCustomers(store);
        Clock sameSecond = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);

        ConsoleServices.restore(new DataFolder(store), backup, sameSecond);
        ConsoleServices.restore(new DataFolder(store), backup, sameSecond);

        List<Path> kept = keptDatabases(store);
        assertThat(kept).hasSize(2);
        assertThat(kept.stream().mapToLong(BackupRestoreTest::customersIn).sorted().toArray()).containsExactly(2, 4);
        assertStoreAsAtTheBackup(store);
    }

    @Test
    void anEventCommittedWhileTheBackupIsWrittenDoesNotMakeTheRestoredTrailLookTruncated() throws Exception {
        Path store = root.resolve("store");
        Path backup = root.resolve("racing-backup.zip");
        try (ConsoleServices services = TestStores.create(store)) {
            // another thread's commit lands after the database copy and before the rest of the zip
            AtomicBoolean once = new AtomicBoolean();
            DataSource racing = afterEachConnection(services.database().dataSource(), () -> {
                if (once.compareAndSet(false, true)) {
                    services.audit().record(Actor.SYSTEM, AuditAction.SETTINGS_CHANGED, Outcome.SUCCESS,
                            Target.store(services.storeId()), null, "committed during the backup");
                }
            });
            StoreBackup.write(services.folder(), racing, backup, Clock.systemUTC());
            assertThat(once).isTrue();
        }

        Path fresh = root.resolve("fresh");
        StoreBackup.restoreIntoEmptyFolder(new DataFolder(fresh), backup);

        try (ConsoleServices services = TestStores.open(fresh)) {
            assertThat(services.audit().verify().problems()).isEmpty();
        }
    }

    @Test
    void aBackupOfAnotherStoreIsRefused() throws Exception {
        Path store = root.resolve("store");
        Path other = root.resolve("other");
        Path backupOfOther;
        try (ConsoleServices services = TestStores.create(other)) {
            backupOfOther = new StoreAdministration(services).backup(TestStores.admin(services), null);
        }
        String storeId;
        Path ownBackup;
        try (ConsoleServices services = TestStores.create(store)) {
            storeId = services.storeId();
            ownBackup = new StoreAdministration(services).backup(TestStores.admin(services), null);
        }

        assertThatThrownBy(() -> StoreBackup.requireSameStore(backupOfOther, storeId))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.KEY_MISMATCH));
        StoreBackup.requireSameStore(ownBackup, storeId);
    }

    @Test
    void aBackupRestoredIntoAnEmptyFolderOpensWithTheOriginalPassphrase() throws Exception {
        Path store = root.resolve("store");
        Path backup = storeWithBackupAndLaterCustomers(store);
        Path fresh = root.resolve("new-machine");

        StoreBackup.restoreIntoEmptyFolder(new DataFolder(fresh), backup);

        assertStoreAsAtTheBackup(fresh);
        assertThatThrownBy(() -> StoreBackup.restoreIntoEmptyFolder(new DataFolder(fresh), backup))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.ALREADY_INITIALISED));
    }

    @Test
    void aFileThatIsNoGoodBackupIsAStoreExceptionAndChangesNothing() throws Exception {
        Path store = root.resolve("store");
        Path backup = storeWithBackupAndLaterCustomers(store);
        byte[] database = Files.readAllBytes(store.resolve("db").resolve("payband.mv.db"));
        String storeId = KeyVault.storeIdOf(store);

        byte[] random = new byte[64 * 1024];
        new Random(42).nextBytes(random);
        Path garbage = Files.write(root.resolve("garbage.zip"), random);
        Path empty = Files.write(root.resolve("empty.zip"), new byte[0]);
        Path text = Files.writeString(root.resolve("notes.zip"), "not a backup at all\n");
        Path missing = root.resolve("missing.zip");
        Path foreignZip = zip(root.resolve("foreign.zip"), "readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        Path damaged = damaged(backup, root.resolve("damaged.zip"));
        Path notADatabase = replaceEntry(backup, root.resolve("not-a-database.zip"), StoreBackup.DATABASE_ENTRY, random);

        for (Path bad : List.of(garbage, empty, text, missing, foreignZip, damaged, notADatabase)) {
            assertThat(catchThrowable(() -> ConsoleServices.restore(new DataFolder(store), bad, Clock.systemUTC())))
                    .as(bad.getFileName().toString()).isInstanceOf(StoreException.class);
            assertThat(store.resolve("db").resolve("payband.mv.db")).as(bad.getFileName().toString())
                    .hasBinaryContent(database);
            Path fresh = root.resolve("fresh-" + bad.getFileName());
            assertThat(catchThrowable(() -> StoreBackup.restoreIntoEmptyFolder(new DataFolder(fresh), bad)))
                    .as(bad.getFileName().toString()).isInstanceOf(StoreException.class);
            assertThat(new DataFolder(fresh).initialised()).isFalse();
            assertThat(fresh.resolve("db").resolve("payband.mv.db")).doesNotExist();
        }
        for (Path bad : List.of(garbage, empty, text, missing, foreignZip)) {
            assertThat(catchThrowable(() -> StoreBackup.requireSameStore(bad, storeId)))
                    .as(bad.getFileName().toString()).isInstanceOf(StoreException.class);
        }

        try (ConsoleServices services = TestStores.open(store)) {
            assertThat(services.customers().count()).isEqualTo(4);
            assertThat(services.audit().verify().problems()).isEmpty();
        }
        // a refused restore into a new folder leaves it ready for the right backup
        Path fresh = root.resolve("fresh-" + garbage.getFileName());
        StoreBackup.restoreIntoEmptyFolder(new DataFolder(fresh), backup);
        assertStoreAsAtTheBackup(fresh);
    }

    /**
     * zhang-wei and ayigul registered, a backup taken, then passport-anna and passport-unchecked
     * registered after it; the store is closed.
     */
    private static Path storeWithBackupAndLaterCustomers(Path store) throws Exception {
        try (ConsoleServices services = TestStores.create(store)) {
            StaffSession clerk = TestCounter.staff(services, CLERK, Role.RETAIL_STAFF);
            TestCounter.register(services, clerk, "zhang-wei");
            TestCounter.register(services, clerk, "ayigul");
            Path backup = new StoreAdministration(services).backup(TestStores.admin(services), null);
            TestCounter.register(services, clerk, "passport-anna");
            TestCounter.register(services, clerk, "passport-unchecked");
            assertThat(services.customers().count()).isEqualTo(4);
            return backup;
        }
    }

    private static void assertStoreAsAtTheBackup(Path store) throws Exception {
        try (ConsoleServices services = TestStores.open(store)) {
            StaffSession clerk = TestCounter.signIn(services, CLERK);
            assertThat(services.customers().count()).isEqualTo(2);
            for (String gone : List.of("passport-anna", "passport-unchecked")) {
                assertThat(services.customers().findByDocumentNumber(clerk, TestCounter.document(gone).documentNumber()))
                        .as(gone).isEmpty();
            }
            for (String there : List.of("zhang-wei", "ayigul")) {
                var found = services.customers().findByDocumentNumber(clerk, TestCounter.document(there).documentNumber());
                assertThat(found).as(there).hasSize(1);
                assertThat(services.customers().reveal(clerk, found.get(0).customerId()).fullName())
                        .isEqualTo(TestCounter.document(there).fullName());
            }
            assertThat(services.audit().verify().problems()).isEmpty();
            assertThat(services.auditReview().verify(TestStores.admin(services)).problems()).isEmpty();
        }
    }

    private static List<Path> keptDatabases(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store.resolve("backups"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("before-restore-")).sorted().toList();
        }
    }

    /** Customers in a database file kept aside (in the store's backups folder); opened (a copy of it) with plain JDBC. */
    private static long customersIn(Path keptDatabase) {
        try {
            Path store = keptDatabase.getParent().getParent();
            Path copy = Files.createTempDirectory(store, "kept").resolve("kept.mv.db");
            Files.copy(keptDatabase, copy);
            try (RawDatabase db = RawDatabase.openFile(copy.resolveSibling("kept"), RawDatabase.keysOf(store))) {
                return db.queryLong("SELECT COUNT(*) FROM customer");
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read " + keptDatabase, e);
        }
    }

    private static Path zip(Path target, String entry, byte[] content) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(content);
            out.closeEntry();
        }
        return target;
    }

    /** The backup with bytes in the middle of its (compressed) database entry changed, as a failing disk would. */
    private static Path damaged(Path backup, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(backup);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5A;
        }
        return Files.write(target, bytes);
    }

    /** A copy of the backup with one entry's content replaced. */
    private static Path replaceEntry(Path backup, Path target, String name, byte[] content) throws IOException {
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(backup.toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(name)) {
                    out.write(content);
                } else {
                    try (var stream = in.getInputStream(entry)) {
                        stream.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return target;
    }

    /** The data source, running the hook each time a connection it handed out is closed. */
    private static DataSource afterEachConnection(DataSource real, Runnable hook) {
        ClassLoader loader = BackupRestoreTest.class.getClassLoader();
        return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            Object result = invoke(method, real, args);
            if (!(result instanceof Connection connection)) {
                return result;
            }
            return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (p, m, a) -> {
                Object r = invoke(m, connection, a);
                if (m.getName().equals("close")) {
                    hook.run();
                }
                return r;
            });
        });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.crypto.KeyVault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "An automatic backup before every migration": an existing store opened by a console with a newer
 * schema (here a test-only V2) is first backed up as it was, and is not migrated at all if that
 * backup cannot be written; a brand-new store has nothing to back up.
 */
class MigrationBackupTest {

    private static final List<String> TEST_MIGRATION = List.of("classpath:db/test-migration");
    /** The newest schema the product ships, from its migration files; the test-only step comes after it. */
    private static final String PRODUCT = latestProductVersion();
    private static final String TEST_STEP = "999";
    private static final List<Class<?>> ENTITIES = List.of(StoreInfo.class);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-02-03T04:05:06Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    void anExistingStoreIsBackedUpAsItWasBeforeItIsMigrated() throws Exception {
        Path store = root.resolve("store");
        TestStores.create(store).close();
        assertThat(backups(store)).isEmpty();
        assertThat(schemaOf(store)).isEqualTo(new Schema(PRODUCT, false));

        Database.open(new DataFolder(store), ENTITIES, CLOCK, RawDatabase.keysOf(store), TEST_MIGRATION).close();

        assertThat(schemaOf(store)).isEqualTo(new Schema(TEST_STEP, true));
        List<Path> backups = backups(store);
        assertThat(backups).hasSize(1);
        Path backup = backups.get(0);
        assertThat(backup.getFileName().toString())
                .isEqualTo("pre-migration-v" + PRODUCT + "-to-v" + TEST_STEP + "-20310203-040506.zip");
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName))
                    .contains(StoreBackup.MANIFEST_ENTRY, StoreBackup.DATABASE_ENTRY, "keys.json", "audit-anchor.json");
            Path unpacked = root.resolve("unpacked").resolve("payband.mv.db");
            Files.createDirectories(unpacked.getParent());
            try (InputStream in = zip.getInputStream(zip.getEntry(StoreBackup.DATABASE_ENTRY))) {
                Files.copy(in, unpacked);
            }
            try (RawDatabase db = RawDatabase.openFile(unpacked.resolveSibling("payband"), RawDatabase.keysOf(store))) {
                assertThat(schemaOf(db)).isEqualTo(new Schema(PRODUCT, false));
                assertThat(db.queryString("SELECT store_id FROM store_info")).isEqualTo(KeyVault.storeIdOf(store));
            }
        }
        StoreBackup.requireSameStore(backup, KeyVault.storeIdOf(store));
    }

    @Test
    void aBrandNewStoreTakesNoPreMigrationBackup() throws Exception {
        Path store = root.resolve("store");
        TestStores.create(store).close();
        assertThat(backups(store)).isEmpty();

        DataFolder empty = new DataFolder(root.resolve("empty"));
        empty.create();
        DatabaseKeys keys = RawDatabase.keysOf(store);
        Database.open(empty, ENTITIES, CLOCK, keys, TEST_MIGRATION).close();

        try (RawDatabase db = RawDatabase.openFile(empty.databaseBase(), keys)) {
            assertThat(schemaOf(db)).isEqualTo(new Schema(TEST_STEP, true));
        }
        assertThat(backups(empty.path())).isEmpty();
    }

    @Test
    void aStoreWhoseBackupCannotBeWrittenIsNotMigrated() throws Exception {
        Path store = root.resolve("store");
        TestStores.create(store).close();
        Path backups = store.resolve("backups");
        Files.delete(backups);
        Files.writeString(backups, "a file where the backups folder should be");

        DatabaseKeys keys = RawDatabase.keysOf(store);
        assertThatThrownBy(() -> Database.open(new DataFolder(store), ENTITIES, CLOCK, keys, TEST_MIGRATION))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.IO));

        WrongKeyTest.assertNothingLeftOpen(store);
        assertThat(schemaOf(store)).isEqualTo(new Schema(PRODUCT, false));
    }

    private static String latestProductVersion() {
        try (Stream<Path> files = Files.list(Path.of("target", "classes", "db", "migration"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max(Integer::compare)
                    .map(String::valueOf).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The newest applied migration, and whether the test-only table is there. */
    record Schema(String version, boolean testTable) {
    }

    private static Schema schemaOf(Path store) throws Exception {
        try (RawDatabase db = RawDatabase.open(store)) {
            return schemaOf(db);
        }
    }

    private static Schema schemaOf(RawDatabase db) throws Exception {
        return new Schema(db.queryString("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" "
                + "ORDER BY \"installed_rank\" DESC LIMIT 1"), db.tableExists("test_extra"));
    }

    private static List<Path> backups(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store.resolve("backups"))) {
            return files.sorted().toList();
        }
    }
}

package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.KeyVaultException;
import com.payband.console.crypto.SecretPrompt;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store opens only with its own key: another store's key file, a damaged one or a wrong passphrase
 * are refused before anything is read or written, and the refusal leaves nothing open behind it
 * (folder lock released, database file closed), so that the right key works at once.
 */
class WrongKeyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void theKeyFileOfAnotherStoreNextToThisDatabaseIsAKeyMismatch() throws Exception {
        Path store = root.resolve("store");
        Path other = root.resolve("other");
        TestStores.create(store).close();
        TestStores.create(other).close(); // same passphrase: the key unwraps, it is just not this store's
        byte[] own = Files.readAllBytes(store.resolve("keys.json"));
        long events = auditEvents(store);
        Files.copy(other.resolve("keys.json"), store.resolve("keys.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> TestStores.open(store)).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.KEY_MISMATCH));

        assertNothingLeftOpen(store);
        Files.write(store.resolve("keys.json"), own);
        assertThat(auditEvents(store)).isEqualTo(events);
        assertOpensWithItsOwnKey(store);
    }

    @Test
    void aDamagedKeyFileIsRefusedByTheKeyVaultAndNothingIsOpened() throws Exception {
        Path store = root.resolve("store");
        TestStores.create(store).close();
        Path keys = store.resolve("keys.json");
        byte[] own = Files.readAllBytes(keys);
        long events = auditEvents(store);

        tamperAndExpect(keys, own, k -> k.put("wrappedKey", flipped(k.get("wrappedKey").asText())),
                KeyVaultException.Reason.WRONG_PASSPHRASE); // GCM cannot tell a damaged key from a wrong passphrase
        tamperAndExpect(keys, own, k -> k.put("salt", flipped(k.get("salt").asText())),
                KeyVaultException.Reason.WRONG_PASSPHRASE);
        tamperAndExpect(keys, own, k -> k.put("fingerprint", "0000000000000000"), KeyVaultException.Reason.CORRUPT);
        tamperAndExpect(keys, own, k -> k.put("storeId", java.util.UUID.randomUUID().toString()),
                KeyVaultException.Reason.WRONG_PASSPHRASE); // the wrapping is bound to the store id
        tamperAndExpect(keys, own, k -> k.withObjectProperty("argon2").put("memoryKiB", 8 * 1024), KeyVaultException.Reason.CORRUPT);

        assertNothingLeftOpen(store);
        Files.write(keys, own);
        assertThat(auditEvents(store)).isEqualTo(events);
        assertOpensWithItsOwnKey(store);
    }

    @Test
    void aWrongPassphraseIsRefusedAndTheRightOneWorksRightAfter() throws Exception {
        Path store = root.resolve("store");
        TestStores.create(store).close();

        assertThatThrownBy(() -> open(store, kind -> "not the store passphrase".toCharArray()))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.WRONG_PASSPHRASE));
        assertNothingLeftOpen(store);

        assertThatThrownBy(() -> open(store, kind -> null)).isInstanceOfSatisfying(KeyVaultException.class,
                e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.PASSPHRASE_REQUIRED));
        assertNothingLeftOpen(store);

        assertOpensWithItsOwnKey(store);
    }

    @Test
    void theLeftOpenCheckItselfSeesAHeldLockAndAnOpenDatabase() throws Exception {
        Path store = root.resolve("store");
        try (ConsoleServices services = TestStores.create(store)) {
            assertThatThrownBy(() -> assertFolderUnlocked(store)).isInstanceOf(AssertionError.class);
        }
        try (RawDatabase db = RawDatabase.open(store)) {
            assertThat(db).isNotNull(); // holds the database open while the check below must see it
            assertThatThrownBy(() -> assertDatabaseClosed(store)).isInstanceOf(AssertionError.class);
        }
        assertNothingLeftOpen(store);
    }

    private void tamperAndExpect(Path keys, byte[] original, Consumer<ObjectNode> change, KeyVaultException.Reason reason)
            throws Exception {
        ObjectNode k = (ObjectNode) JSON.readTree(original);
        change.accept(k);
        Files.write(keys, JSON.writeValueAsBytes(k));
        Path store = keys.getParent();
        assertThatThrownBy(() -> TestStores.open(store)).as(k.toString()).isInstanceOfSatisfying(KeyVaultException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
        assertNothingLeftOpen(store);
    }

    private static String flipped(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[bytes.length / 2] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ConsoleServices open(Path store, SecretPrompt prompt) throws Exception {
        return ConsoleServices.open(new DataFolder(store), prompt, TestStores.options(Clock.systemUTC()));
    }

    private static void assertOpensWithItsOwnKey(Path store) throws Exception {
        try (ConsoleServices services = TestStores.open(store)) {
            assertThat(services.audit().verify().intact()).isTrue();
        }
    }

    /** Neither the folder lock nor the H2 file is still held by this process. */
    static void assertNothingLeftOpen(Path store) throws Exception {
        assertFolderUnlocked(store);
        assertDatabaseClosed(store);
    }

    private static void assertFolderUnlocked(Path store) throws Exception {
        try (FolderLock lock = FolderLock.acquire(new DataFolder(store))) {
            assertThat(lock).isNotNull();
        } catch (StoreException e) {
            fail("the folder lock is still held: " + e.getMessage());
        }
    }

    /** H2 locks the file it has open; in this same process a second lock attempt overlaps it. */
    private static void assertDatabaseClosed(Path store) throws Exception {
        try (FileChannel channel = FileChannel.open(store.resolve("db").resolve("payband.mv.db"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            assertThat(lock).as("the database file is locked by another process").isNotNull();
            lock.release();
        } catch (OverlappingFileLockException e) {
            fail("the database file is still open in this process");
        }
    }

    private static long auditEvents(Path store) throws Exception {
        try (RawDatabase db = RawDatabase.open(store)) {
            return db.queryLong("SELECT COUNT(*) FROM audit_event");
        }
    }
}

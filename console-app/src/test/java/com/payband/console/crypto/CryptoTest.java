package com.payband.console.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The primitives and the key vault: what seals must open only where and with what it was sealed. */
class CryptoTest {

    private static final SecretPrompt PASSPHRASE = kind -> "the store passphrase".toCharArray();

    @TempDir
    Path dir;

    @Test
    void sealedValuesOpenOnlyInTheirOwnContextAndUnaltered() {
        DataKey key = DataKey.generate(new SecureRandom());
        FieldCipher cipher = key.cipher(DataKey.Purpose.IDENTITY_ENCRYPTION);
        byte[] sealed = cipher.encrypt("张伟", "customer/identity/1");
        assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain("张伟");
        assertThat(cipher.encrypt("张伟", "customer/identity/1")).isNotEqualTo(sealed);
        assertThat(cipher.decryptString(sealed, "customer/identity/1")).isEqualTo("张伟");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "customer/identity/2")).isInstanceOf(TamperedDataException.class);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(altered, "customer/identity/1")).isInstanceOf(TamperedDataException.class);
        }
        assertThatThrownBy(() -> key.cipher(DataKey.Purpose.OUTBOX_ENCRYPTION).decrypt(sealed, "customer/identity/1"))
                .isInstanceOf(TamperedDataException.class);
        assertThatThrownBy(() -> cipher.decrypt(java.util.Arrays.copyOf(sealed, 20), "customer/identity/1"))
                .isInstanceOf(TamperedDataException.class);
    }

    @Test
    void eachPurposeHasItsOwnKey() {
        DataKey key = DataKey.generate(new SecureRandom());
        assertThat(key.derive(DataKey.Purpose.NAME_INDEX)).isNotEqualTo(key.derive(DataKey.Purpose.DOCUMENT_NUMBER_INDEX));
        assertThat(key.derive(DataKey.Purpose.NAME_INDEX)).isEqualTo(key.derive(DataKey.Purpose.NAME_INDEX));
        assertThat(key.keyedHash(DataKey.Purpose.NAME_INDEX).hex("张伟"))
                .isNotEqualTo(DataKey.generate(new SecureRandom()).keyedHash(DataKey.Purpose.NAME_INDEX).hex("张伟"));
    }

    @Test
    void aPassphraseProtectedKeyOpensWithItsPassphraseOnly() throws Exception {
        KeyVault vault = new KeyVault(CredentialStore.NONE, Argon2id.MINIMUM);
        String fingerprint;
        try (DataKey key = vault.create(dir, "store-1", KeyVault.Protection.AUTO, PASSPHRASE)) {
            fingerprint = key.fingerprint();
        }
        assertThat(KeyVault.protectionOf(dir)).isEqualTo(KeyFile.PASSPHRASE);
        String file = Files.readString(KeyFile.path(dir));
        assertThat(file).doesNotContain("the store passphrase");
        try (DataKey again = vault.unlock(dir, PASSPHRASE)) {
            assertThat(again.fingerprint()).isEqualTo(fingerprint);
        }
        assertThatThrownBy(() -> vault.unlock(dir, kind -> "not the passphrase".toCharArray()))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.WRONG_PASSPHRASE));
        assertThatThrownBy(() -> vault.unlock(dir, kind -> null))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.PASSPHRASE_REQUIRED));
    }

    @Test
    void shortPassphrasesAndWeakKeyFilesAreRefused() throws Exception {
        KeyVault vault = new KeyVault(CredentialStore.NONE, Argon2id.MINIMUM);
        assertThatThrownBy(() -> vault.create(dir, "s", KeyVault.Protection.PASSPHRASE, kind -> "too short".toCharArray()))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.PASSPHRASE_TOO_SHORT));
        assertThat(KeyVault.exists(dir)).isFalse();
        vault.create(dir, "s", KeyVault.Protection.PASSPHRASE, PASSPHRASE).close();
        // An attacker who lowers the KDF cost in keys.json to brute-force faster gets a refusal, not a weaker check.
        String weakened = Files.readString(KeyFile.path(dir)).replace("\"memoryKiB\" : 19456", "\"memoryKiB\" : 8192");
        Files.writeString(KeyFile.path(dir), weakened);
        assertThatThrownBy(() -> vault.unlock(dir, PASSPHRASE))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.CORRUPT));
    }

    @Test
    void aCredentialStoreProtectedKeyNeedsItsEntryAndARecoveryFileReplacesIt() throws Exception {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        KeyVault vault = new KeyVault(store, Argon2id.MINIMUM);
        String fingerprint;
        try (DataKey key = vault.create(dir, "store-2", KeyVault.Protection.AUTO, kind -> null)) {
            fingerprint = key.fingerprint();
            vault.exportRecovery(key, "store-2", dir.resolve("recovery.json"), kind -> "recovery passphrase".toCharArray());
        }
        assertThat(KeyVault.protectionOf(dir)).isEqualTo(KeyFile.OS_CREDENTIAL_STORE);
        assertThat(store.entries).containsOnlyKeys("data-key-store-2");
        try (DataKey again = vault.unlock(dir, kind -> null)) {
            assertThat(again.fingerprint()).isEqualTo(fingerprint);
        }

        store.entries.clear();
        assertThatThrownBy(() -> vault.unlock(dir, kind -> null))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.KEY_NOT_IN_CREDENTIAL_STORE));
        assertThatThrownBy(() -> vault.recover(dir, dir.resolve("recovery.json"), KeyVault.Protection.PASSPHRASE,
                kind -> "wrong recovery phrase".toCharArray()))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.WRONG_PASSPHRASE));
        SecretPrompt answers = kind -> (kind == SecretPrompt.Kind.RECOVERY_PASSPHRASE ? "recovery passphrase"
                : "the new store passphrase").toCharArray();
        vault.recover(dir, dir.resolve("recovery.json"), KeyVault.Protection.PASSPHRASE, answers).close();
        try (DataKey recovered = vault.unlock(dir, kind -> "the new store passphrase".toCharArray())) {
            assertThat(recovered.fingerprint()).isEqualTo(fingerprint);
        }
        assertThat(KeyVault.storeIdOf(dir)).isEqualTo("store-2");
    }

    /**
     * The key vault's contract with an OS credential store, held in memory. The real stores (Secret
     * Service, DPAPI, Keychain) are reached through java-keyring in {@link OsCredentialStore}.
     */
    static final class InMemoryCredentialStore implements CredentialStore {
        final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public Optional<String> read(String account) {
            return Optional.ofNullable(entries.get(account));
        }

        @Override
        public void write(String account, String secret) {
            entries.put(account, secret);
        }

        @Override
        public void delete(String account) {
            entries.remove(account);
        }
    }
}

package com.payband.console.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Creates and unlocks the data key of a store. The key is wrapped (AES-GCM) by a key-encryption key
 * that either lives in the operating system's credential store or is derived (Argon2id) from a
 * passphrase the administrator chose; {@code keys.json} beside the data holds only the wrapped key.
 */
public final class KeyVault {

    /** How the administrator wants the key protected at first start. */
    public enum Protection {
        /** The OS credential store where one answers, else a passphrase. */
        AUTO,
        OS_CREDENTIAL_STORE,
        PASSPHRASE
    }

    public static final int MINIMUM_PASSPHRASE_LENGTH = 12;

    private final CredentialStore credentialStore;
    private final Argon2id passphraseCost;
    private final SecureRandom random = new SecureRandom();

    public KeyVault(CredentialStore credentialStore, Argon2id passphraseCost) {
        this.credentialStore = Objects.requireNonNull(credentialStore);
        this.passphraseCost = Objects.requireNonNull(passphraseCost);
    }

    public static boolean exists(Path dataFolder) {
        return Files.exists(KeyFile.path(dataFolder));
    }

    /** Makes a new data key for a new store and writes its wrapped form. */
    public DataKey create(Path dataFolder, String storeId, Protection requested, SecretPrompt prompt)
            throws KeyVaultException {
        if (exists(dataFolder)) {
            throw new KeyVaultException(KeyVaultException.Reason.ALREADY_EXISTS, "keys.json exists");
        }
        Protection protection = requested == Protection.AUTO
                ? (credentialStore.available() ? Protection.OS_CREDENTIAL_STORE : Protection.PASSPHRASE)
                : requested;
        DataKey key = DataKey.generate(random);
        try {
            KeyFile file = protection == Protection.OS_CREDENTIAL_STORE
                    ? wrapWithCredentialStore(key, storeId)
                    : wrapWithPassphrase(key, storeId, prompt, SecretPrompt.Kind.NEW_STORE_PASSPHRASE);
            file.write(dataFolder);
            return key;
        } catch (IOException e) {
            key.close();
            throw new KeyVaultException(KeyVaultException.Reason.IO, "cannot write keys.json", e);
        } catch (KeyVaultException | RuntimeException e) {
            key.close();
            throw e;
        }
    }

    public DataKey unlock(Path dataFolder, SecretPrompt prompt) throws KeyVaultException {
        KeyFile file;
        try {
            file = KeyFile.read(dataFolder);
        } catch (IOException e) {
            throw new KeyVaultException(KeyVaultException.Reason.IO, "cannot read keys.json", e);
        }
        return unwrap(file, prompt, SecretPrompt.Kind.STORE_PASSPHRASE);
    }

    /** How the key of this store is protected: {@link KeyFile#PASSPHRASE} or {@link KeyFile#OS_CREDENTIAL_STORE}. */
    public static String protectionOf(Path dataFolder) throws IOException {
        return KeyFile.read(dataFolder).protection();
    }

    /**
     * Writes a recovery file: the data key wrapped under a separate recovery passphrase, to be kept
     * offline. It opens the store on another machine, or after the OS credential store was lost.
     */
    public void exportRecovery(DataKey key, String storeId, Path target, SecretPrompt prompt)
            throws KeyVaultException {
        KeyFile file = wrapWithPassphrase(key, storeId, prompt, SecretPrompt.Kind.NEW_RECOVERY_PASSPHRASE);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            file.writeFile(target);
        } catch (IOException e) {
            throw new KeyVaultException(KeyVaultException.Reason.IO, "cannot write the recovery file", e);
        }
    }

    /** Reads a recovery file and re-protects its key for this machine; the old keys.json is replaced. */
    public DataKey recover(Path dataFolder, Path recoveryFile, Protection protection, SecretPrompt prompt)
            throws KeyVaultException {
        KeyFile recovery;
        try {
            recovery = KeyFile.readFile(recoveryFile);
        } catch (IOException e) {
            throw new KeyVaultException(KeyVaultException.Reason.IO, "cannot read the recovery file", e);
        }
        DataKey key = unwrap(recovery, prompt, SecretPrompt.Kind.RECOVERY_PASSPHRASE);
        Protection chosen = protection == Protection.AUTO
                ? (credentialStore.available() ? Protection.OS_CREDENTIAL_STORE : Protection.PASSPHRASE)
                : protection;
        try {
            KeyFile file = chosen == Protection.OS_CREDENTIAL_STORE
                    ? wrapWithCredentialStore(key, recovery.storeId())
                    : wrapWithPassphrase(key, recovery.storeId(), prompt, SecretPrompt.Kind.NEW_STORE_PASSPHRASE);
            file.write(dataFolder);
            return key;
        } catch (IOException e) {
            key.close();
            throw new KeyVaultException(KeyVaultException.Reason.IO, "cannot write keys.json", e);
        }
    }

    /** The store id recorded with the key; ties a keys.json (or a recovery file) to its database. */
    public static String storeIdOf(Path dataFolder) throws IOException {
        return KeyFile.read(dataFolder).storeId();
    }

    private KeyFile wrapWithCredentialStore(DataKey key, String storeId) throws KeyVaultException {
        byte[] kek = new byte[32];
        random.nextBytes(kek);
        String account = "data-key-" + storeId;
        try {
            credentialStore.write(account, Base64.getEncoder().encodeToString(kek));
            return new KeyFile(KeyFile.FORMAT, storeId, KeyFile.OS_CREDENTIAL_STORE, key.fingerprint(),
                    null, null, account, seal(kek, key, storeId));
        } catch (CredentialStore.CredentialStoreException e) {
            throw new KeyVaultException(KeyVaultException.Reason.CREDENTIAL_STORE_UNAVAILABLE, e.getMessage(), e);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private KeyFile wrapWithPassphrase(DataKey key, String storeId, SecretPrompt prompt, SecretPrompt.Kind kind)
            throws KeyVaultException {
        char[] passphrase = prompt.ask(kind);
        if (passphrase == null) {
            throw new KeyVaultException(KeyVaultException.Reason.PASSPHRASE_REQUIRED, "no passphrase given");
        }
        try {
            if (passphrase.length < MINIMUM_PASSPHRASE_LENGTH) {
                throw new KeyVaultException(KeyVaultException.Reason.PASSPHRASE_TOO_SHORT,
                        "passphrase shorter than " + MINIMUM_PASSPHRASE_LENGTH);
            }
            byte[] salt = Argon2id.newSalt(random);
            byte[] kek = passphraseCost.derive(passphrase, salt, 32);
            try {
                return new KeyFile(KeyFile.FORMAT, storeId, KeyFile.PASSPHRASE, key.fingerprint(),
                        passphraseCost, Base64.getEncoder().encodeToString(salt), null, seal(kek, key, storeId));
            } finally {
                Arrays.fill(kek, (byte) 0);
            }
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private DataKey unwrap(KeyFile file, SecretPrompt prompt, SecretPrompt.Kind kind) throws KeyVaultException {
        byte[] kek;
        if (KeyFile.OS_CREDENTIAL_STORE.equals(file.protection())) {
            try {
                kek = Base64.getDecoder().decode(credentialStore.read(file.credentialAccount())
                        .orElseThrow(() -> new KeyVaultException(KeyVaultException.Reason.KEY_NOT_IN_CREDENTIAL_STORE,
                                "no entry " + file.credentialAccount())));
            } catch (CredentialStore.CredentialStoreException e) {
                throw new KeyVaultException(KeyVaultException.Reason.CREDENTIAL_STORE_UNAVAILABLE, e.getMessage(), e);
            }
        } else if (KeyFile.PASSPHRASE.equals(file.protection())) {
            if (file.argon2() == null || !file.argon2().meetsMinimum()) {
                throw new KeyVaultException(KeyVaultException.Reason.CORRUPT, "key derivation cost below the minimum");
            }
            char[] passphrase = prompt.ask(kind);
            if (passphrase == null) {
                throw new KeyVaultException(KeyVaultException.Reason.PASSPHRASE_REQUIRED, "no passphrase given");
            }
            try {
                kek = file.argon2().derive(passphrase, Base64.getDecoder().decode(file.salt()), 32);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        } else {
            throw new KeyVaultException(KeyVaultException.Reason.CORRUPT, "unknown key protection");
        }
        try {
            byte[] raw = new FieldCipher(kek).decrypt(Base64.getDecoder().decode(file.wrappedKey()),
                    wrapContext(file.storeId()));
            DataKey key = DataKey.of(raw);
            Arrays.fill(raw, (byte) 0);
            if (!key.fingerprint().equals(file.fingerprint())) {
                key.close();
                throw new KeyVaultException(KeyVaultException.Reason.CORRUPT, "key fingerprint mismatch");
            }
            return key;
        } catch (TamperedDataException | IllegalArgumentException e) {
            throw new KeyVaultException(KeyOpenFailure.of(file), "the data key does not unwrap", e);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private static String seal(byte[] kek, DataKey key, String storeId) {
        byte[] raw = key.exportForWrapping();
        try {
            return Base64.getEncoder().encodeToString(new FieldCipher(kek).encrypt(raw, wrapContext(storeId)));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static String wrapContext(String storeId) {
        return "payband/key-wrap/v1/" + storeId;
    }

    /** A wrong passphrase and a damaged key file look the same to GCM; say which is likelier. */
    private static final class KeyOpenFailure {
        static KeyVaultException.Reason of(KeyFile file) {
            return KeyFile.PASSPHRASE.equals(file.protection())
                    ? KeyVaultException.Reason.WRONG_PASSPHRASE
                    : KeyVaultException.Reason.CORRUPT;
        }
    }
}

package com.payband.console.crypto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code keys.json} in the data folder: the data key, wrapped, and how to unwrap it. Never holds a
 * key in clear: a copied data folder alone does not open the store.
 *
 * @param protection        {@link #PASSPHRASE} or {@link #OS_CREDENTIAL_STORE}
 * @param fingerprint       HKDF-derived check value of the data key (not the key)
 * @param argon2            passphrase protection: the KDF cost
 * @param salt              passphrase protection: the KDF salt, base64
 * @param credentialAccount credential-store protection: the entry holding the wrapping key
 * @param wrappedKey        the data key sealed by the wrapping key, base64
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyFile(
        int format,
        String storeId,
        String protection,
        String fingerprint,
        Argon2id argon2,
        String salt,
        String credentialAccount,
        String wrappedKey) {

    public static final String FILE_NAME = "keys.json";
    public static final String PASSPHRASE = "passphrase";
    public static final String OS_CREDENTIAL_STORE = "os-credential-store";
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Path path(Path dataFolder) {
        return dataFolder.resolve(FILE_NAME);
    }

    public static KeyFile read(Path dataFolder) throws IOException {
        return readFile(path(dataFolder));
    }

    public static KeyFile readFile(Path file) throws IOException {
        KeyFile keyFile;
        try {
            keyFile = JSON.readValue(file.toFile(), KeyFile.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file.getFileName() + " is not a PayBand key file", e);
        }
        if (keyFile.format != FORMAT) {
            throw new IOException(file.getFileName() + " has format " + keyFile.format + "; this version reads " + FORMAT);
        }
        return keyFile;
    }

    /** Written to a temporary file and moved into place, so that a crash never leaves half a key file. */
    public void write(Path dataFolder) throws IOException {
        writeFile(path(dataFolder));
    }

    public void writeFile(Path target) throws IOException {
        com.payband.console.files.DurableFile.replace(target, JSON.writeValueAsBytes(this));
    }
}

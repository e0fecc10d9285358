package com.payband.console.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM for values at rest. The associated data binds a ciphertext to its place (table, column,
 * row id), so that a ciphertext copied into another row does not decrypt.
 *
 * <p>Format: version (1 byte) | nonce (12 bytes) | ciphertext and 128-bit tag.
 */
public final class FieldCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    public FieldCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        this.key = key.clone();
    }

    public byte[] encrypt(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        GCMModeCipher gcm = gcm(true, nonce, context);
        byte[] out = new byte[1 + NONCE_LENGTH + gcm.getOutputSize(plaintext.length)];
        out[0] = VERSION;
        System.arraycopy(nonce, 0, out, 1, NONCE_LENGTH);
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 1 + NONCE_LENGTH);
        try {
            gcm.doFinal(out, 1 + NONCE_LENGTH + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail", e);
        }
        return out;
    }

    public byte[] encrypt(String plaintext, String context) {
        return encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    /**
     * @throws TamperedDataException when the ciphertext was altered, truncated, moved to another
     *     context or made with another key
     */
    public byte[] decrypt(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_LENGTH + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new TamperedDataException("sealed value has an unknown format");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_LENGTH);
        GCMModeCipher gcm = gcm(false, nonce, context);
        int inLen = sealed.length - 1 - NONCE_LENGTH;
        byte[] out = new byte[gcm.getOutputSize(inLen)];
        int n = gcm.processBytes(sealed, 1 + NONCE_LENGTH, inLen, out, 0);
        try {
            n += gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new TamperedDataException("sealed value failed authentication (" + context + ")");
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    public String decryptString(byte[] sealed, String context) {
        return new String(decrypt(sealed, context), StandardCharsets.UTF_8);
    }

    private GCMModeCipher gcm(boolean encrypt, byte[] nonce, String context) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce,
                context.getBytes(StandardCharsets.UTF_8)));
        return gcm;
    }
}

package com.payband.console.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The store's 256-bit data key. Every purpose gets its own key derived with HKDF-SHA256, so that a key
 * used for one thing (say the audit chain) says nothing about another (the identity cipher).
 */
public final class DataKey implements AutoCloseable {

    public static final int LENGTH = 32;

    /** One derived key per purpose; the label is part of the derivation and must never change. */
    public enum Purpose {
        IDENTITY_ENCRYPTION("payband/identity-encryption/v1"),
        DOCUMENT_NUMBER_INDEX("payband/document-number-index/v1"),
        NAME_INDEX("payband/name-index/v1"),
        AUDIT_CHAIN("payband/audit-chain/v1"),
        OUTBOX_ENCRYPTION("payband/outbox-encryption/v1"),
        /** Staff's notes on lifecycle steps (free text that may name people). */
        NOTE_ENCRYPTION("payband/note-encryption/v1"),
        /** The console's private key for mutual TLS with its backend. */
        BACKEND_CREDENTIALS("payband/backend-credentials/v1"),
        KEY_CHECK("payband/key-check/v1"),
        /** H2's file password: the whole database file is AES-encrypted under it. */
        DATABASE_FILE("payband/database-file/v1"),
        /** The password of the database's only user, asked by H2 after the file opens. */
        DATABASE_USER("payband/database-user/v1");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }
    }

    private final byte[] key;

    private DataKey(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("a data key has " + LENGTH + " bytes");
        }
        this.key = key.clone();
    }

    public static DataKey generate(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        try {
            return new DataKey(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    public static DataKey of(byte[] raw) {
        return new DataKey(raw);
    }

    /** The raw key, for wrapping only. The caller wipes the copy. */
    byte[] exportForWrapping() {
        return key.clone();
    }

    public byte[] derive(Purpose purpose) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key, null, purpose.label.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    public FieldCipher cipher(Purpose purpose) {
        byte[] k = derive(purpose);
        try {
            return new FieldCipher(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    public KeyedHash keyedHash(Purpose purpose) {
        byte[] k = derive(purpose);
        try {
            return new KeyedHash(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** A derived secret as text, for an API that takes a password; the caller wipes the copy. */
    public char[] secretText(Purpose purpose) {
        byte[] k = derive(purpose);
        try {
            return java.util.HexFormat.of().formatHex(k).toCharArray();
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Short public fingerprint that tells whether a wrapped key unwrapped to the right key. */
    public String fingerprint() {
        return new KeyedHash(derive(Purpose.KEY_CHECK)).hex("fingerprint").substring(0, 16);
    }

    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKey[withheld]";
    }
}

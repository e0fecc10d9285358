package com.payband.band.protocol;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * An encrypted, ordered channel after HELLO: AES-256-GCM with one key and one counter per direction.
 * A record out of order or altered breaks the session for good (band-gatt-profile.md, section 2).
 */
public final class Session {

    public enum Role { CONSOLE, BAND }

    public static final int RECORD = 0x02;
    private static final String INFO = "PAYBAND-SESSION-1";

    private final byte[] sendKey;
    private final byte[] receiveKey;
    private final byte[] id;
    private final byte sendDirection;
    private final byte receiveDirection;
    private long sent;
    private long received;
    private boolean broken;

    private Session(Role role, byte[] id, byte[] c2b, byte[] b2c) {
        boolean console = role == Role.CONSOLE;
        this.id = id;
        this.sendKey = console ? c2b : b2c;
        this.receiveKey = console ? b2c : c2b;
        this.sendDirection = (byte) (console ? 1 : 2);
        this.receiveDirection = (byte) (console ? 2 : 1);
    }

    /**
     * Derives the session from this side's ephemeral private key, the other side's ephemeral public key,
     * and the two HELLO messages (their hash salts the derivation, binding the keys to the transcript).
     */
    public static Session derive(Role role, PrivateKey myEphemeral, PublicKey theirEphemeral, byte[] helloRequest,
            byte[] helloReply) {
        byte[] z = P256.ecdh(myEphemeral, theirEphemeral);
        byte[] transcript = Crypto.sha256(helloRequest, helloReply);
        byte[] keys = Crypto.hkdf(z, transcript, INFO, 64);
        Arrays.fill(z, (byte) 0);
        Session s = new Session(role, transcript, Arrays.copyOfRange(keys, 0, 32), Arrays.copyOfRange(keys, 32, 64));
        Arrays.fill(keys, (byte) 0);
        return s;
    }

    public synchronized byte[] seal(byte[] plaintext) throws ProtocolException {
        if (broken) {
            throw new ProtocolException("session is broken");
        }
        long counter = ++sent;
        byte[] aad = new Wire.Writer().u8(RECORD).u64(counter).toBytes();
        byte[] ct = Crypto.aesGcmSeal(sendKey, nonce(sendDirection, counter), aad, plaintext);
        return new Wire.Writer().u8(RECORD).u64(counter).bytes(ct).toBytes();
    }

    public synchronized byte[] open(byte[] record) throws ProtocolException {
        if (broken) {
            throw new ProtocolException("session is broken");
        }
        try {
            Wire.Reader r = new Wire.Reader(record);
            if (r.u8() != RECORD) {
                throw new ProtocolException("not a session record");
            }
            long counter = r.u64();
            if (counter != received + 1) {
                throw new ProtocolException("record out of order: replayed, reordered or dropped");
            }
            byte[] aad = new Wire.Writer().u8(RECORD).u64(counter).toBytes();
            byte[] plaintext = Crypto.aesGcmOpen(receiveKey, nonce(receiveDirection, counter), aad, r.rest());
            received = counter;
            return plaintext;
        } catch (ProtocolException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * The session's id: SHA-256 of its HELLO and HELLO reply, the same on both ends and different for every
     * session. A phone's signature covers it, so that it counts in this session only.
     */
    public byte[] id() {
        return id.clone();
    }

    public synchronized boolean broken() {
        return broken;
    }

    private static byte[] nonce(byte direction, long counter) {
        byte[] n = new byte[12];
        n[0] = direction;
        byte[] c = new Wire.Writer().u64(counter).toBytes();
        System.arraycopy(c, 0, n, 4, 8);
        return n;
    }
}

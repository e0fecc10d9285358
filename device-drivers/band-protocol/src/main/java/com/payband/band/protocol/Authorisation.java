package com.payband.band.protocol;

import com.payband.band.BandSerial;
import java.security.PublicKey;
import java.time.Instant;

/**
 * An issuer's permission for one state change of one band, valid for the band's current challenge
 * until {@code expires} (band-gatt-profile.md, issuer authorisation). The issuer signs
 * {@link #toBeSigned}; the band checks it against the issuer root key pinned at manufacture.
 *
 * @param payloadHash SHA-256 of the rest of the request body (what the authorisation is for)
 */
public record Authorisation(Command action, BandSerial serial, byte[] challenge, Instant expires, byte[] payloadHash,
        byte[] signature) {

    public static final int CHALLENGE_LENGTH = 16;
    private static final byte[] LABEL = Crypto.ascii("PAYBAND-AUTH-1");

    public Authorisation {
        if (!action.needsAuthorisation()) {
            throw new IllegalArgumentException(action + " needs no authorisation");
        }
        if (challenge.length != CHALLENGE_LENGTH || payloadHash.length != 32) {
            throw new IllegalArgumentException("challenge or payload hash of the wrong length");
        }
        challenge = challenge.clone();
        payloadHash = payloadHash.clone();
        signature = signature.clone();
    }

    /** The bytes the issuer signs. */
    public static byte[] toBeSigned(Command action, BandSerial serial, byte[] challenge, Instant expires, byte[] payloadHash) {
        return Crypto.concat(LABEL, new Wire.Writer().u8(action.code()).ascii(serial.value()).bytes(challenge)
                .u32(expires.getEpochSecond()).bytes(payloadHash).toBytes());
    }

    public boolean verify(PublicKey issuerRoot) {
        return P256.verify(issuerRoot, toBeSigned(action, serial, challenge, expires, payloadHash), signature);
    }

    public byte[] encode() {
        return new Wire.Writer().u8(action.code()).ascii(serial.value()).bytes(challenge).u32(expires.getEpochSecond())
                .bytes(payloadHash).blob8(signature).toBytes();
    }

    public static Authorisation decode(byte[] encoded) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(encoded);
        Command action = Command.of(r.u8()).filter(Command::needsAuthorisation)
                .orElseThrow(() -> new ProtocolException("authorisation for an unknown action"));
        BandSerial serial;
        try {
            serial = new BandSerial(r.ascii(BandSerial.LENGTH));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("authorisation with a malformed serial");
        }
        Authorisation a = new Authorisation(action, serial, r.bytes(CHALLENGE_LENGTH), Instant.ofEpochSecond(r.u32()),
                r.bytes(32), r.blob8());
        r.end();
        return a;
    }

    /** A state-changing request body: the authorisation, then what it authorises. */
    public static byte[] requestBody(Authorisation authorisation, byte[] payload) {
        return new Wire.Writer().blob16(authorisation.encode()).bytes(payload).toBytes();
    }

    @Override
    public byte[] challenge() {
        return challenge.clone();
    }

    @Override
    public byte[] payloadHash() {
        return payloadHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}

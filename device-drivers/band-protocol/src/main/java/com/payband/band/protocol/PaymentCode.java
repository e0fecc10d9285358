package com.payband.band.protocol;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A one-time payment code as the owner's phone (or the band's screen) shows it at a till, as a QR code
 * of {@link #text()}: binding id, counter, 30-second time step and a 64-bit MAC under the payment
 * secret. 33 bytes.
 */
public record PaymentCode(UUID bindingId, long counter, long timeStep, byte[] mac) {

    public static final int VERSION = 1;
    public static final int LENGTH = 33;
    public static final long STEP_SECONDS = 30;
    private static final byte[] LABEL = Crypto.ascii("PAYBAND-PAY-1");

    public PaymentCode {
        if (mac.length != 8) {
            throw new IllegalArgumentException("MAC is 8 bytes");
        }
        mac = mac.clone();
    }

    public static long timeStep(Instant at) {
        return at.getEpochSecond() / STEP_SECONDS;
    }

    public static PaymentCode compute(byte[] secret, UUID bindingId, long counter, long timeStep) {
        return new PaymentCode(bindingId, counter, timeStep, macOf(secret, bindingId, counter, timeStep));
    }

    /** Whether the MAC is right for this secret; freshness and single use are the verifier's business. */
    public boolean authentic(byte[] secret) {
        return java.security.MessageDigest.isEqual(mac, macOf(secret, bindingId, counter, timeStep));
    }

    private static byte[] macOf(byte[] secret, UUID bindingId, long counter, long timeStep) {
        byte[] full = Crypto.hmacSha256(secret, LABEL, Uuids.bytes(bindingId),
                new Wire.Writer().u32(counter).u32(timeStep).toBytes());
        return Arrays.copyOf(full, 8);
    }

    public byte[] encode() {
        return new Wire.Writer().u8(VERSION).bytes(Uuids.bytes(bindingId)).u32(counter).u32(timeStep).bytes(mac).toBytes();
    }

    /** The text a till (or the console's payment check) scans from the QR code. */
    public static final String PREFIX = "PBPAY1:";

    public String text() {
        return PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(encode());
    }

    /** Reads a code as a scanner typed it (surrounding blanks ignored). */
    public static PaymentCode parse(String text) throws ProtocolException {
        String t = text == null ? "" : text.strip();
        if (t.length() > 64 || !t.startsWith(PREFIX)) {
            throw new ProtocolException("not a PayBand payment code");
        }
        try {
            return decode(java.util.Base64.getUrlDecoder().decode(t.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("a payment code with characters that are not base64url", e);
        }
    }

    public static PaymentCode decode(byte[] encoded) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(encoded);
        if (r.u8() != VERSION) {
            throw new ProtocolException("unknown payment code version");
        }
        PaymentCode c = new PaymentCode(Uuids.of(r.bytes(16)), r.u32(), r.u32(), r.bytes(8));
        r.end();
        return c;
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }
}

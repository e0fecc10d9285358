package com.payband.band.protocol;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * What the customer's payment app shows (as a QR code) so that the console can read the phone's key
 * during enrollment: the key, when the code was made, and the phone's signature over both (the phone
 * proves it holds the private half; an old photographed code goes stale). As text:
 * {@code PBPHONE1:} and the base64url (no padding) of
 * {@code key (65) · created (uint32) · signature length (1) · signature}.
 */
public record PhoneKeyCode(PhoneKey key, Instant created, byte[] signature) {

    public static final String PREFIX = "PBPHONE1:";
    private static final byte[] LABEL = Crypto.ascii("PAYBAND-PHONE-1");
    /** Longest text accepted: a scanner that runs on (or a pasted page) is refused before decoding. */
    private static final int MAX_TEXT = 256;

    public PhoneKeyCode {
        signature = signature.clone();
    }

    /** The code a phone with this key shows now. */
    public static PhoneKeyCode create(KeyPair phone, Instant now) {
        PhoneKey key = PhoneKey.of(phone.getPublic());
        Instant created = Instant.ofEpochSecond(now.getEpochSecond());
        return new PhoneKeyCode(key, created, P256.sign(phone.getPrivate(), toBeSigned(key, created)));
    }

    static byte[] toBeSigned(PhoneKey key, Instant created) {
        return Crypto.concat(LABEL, key.encoded(), new Wire.Writer().u32(created.getEpochSecond()).toBytes());
    }

    /** Whether the phone holding the key made this code. */
    public boolean signedByItsKey() {
        return key.verify(toBeSigned(key, created), signature);
    }

    /** Whether the code was made within {@code maxAge} before {@code now} (and not more than a minute ahead of it). */
    public boolean freshAt(Instant now, Duration maxAge) {
        return !created.isBefore(now.minus(maxAge)) && !created.isAfter(now.plus(Duration.ofMinutes(1)));
    }

    public String text() {
        byte[] body = new Wire.Writer().bytes(key.encoded()).u32(created.getEpochSecond()).blob8(signature).toBytes();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }

    /**
     * Reads a code as a scanner typed it (surrounding blanks ignored).
     *
     * @throws ProtocolException when it is not a PayBand phone code, or its key is not a valid point
     */
    public static PhoneKeyCode parse(String text) throws ProtocolException {
        String t = text == null ? "" : text.strip();
        if (t.length() > MAX_TEXT || !t.startsWith(PREFIX)) {
            throw new ProtocolException("not a PayBand phone code");
        }
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(t.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("a phone code with characters that are not base64url", e);
        }
        Wire.Reader r = new Wire.Reader(body);
        PhoneKey key = PhoneKey.of(r.bytes(P256.PUBLIC_KEY_LENGTH));
        Instant created = Instant.ofEpochSecond(r.u32());
        byte[] signature = r.blob8();
        r.end();
        return new PhoneKeyCode(key, created, signature);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}

package com.payband.band.protocol;

import com.payband.band.BandSerial;
import java.security.PublicKey;
import java.time.Instant;
import java.util.UUID;

/**
 * What a bound band keeps as its binding, signed by the issuer: the binding id, an identity reference
 * that cannot be turned back into an ID number (an HMAC under a key only the issuer holds), the owner's
 * phone key (the one phone the band will obey), and when.
 */
public record Credential(UUID bindingId, byte[] identityReference, PhoneKey phone, Instant boundAt, byte[] signature) {

    private static final byte[] LABEL = Crypto.ascii("PAYBAND-CRED-2");

    public Credential {
        if (identityReference.length != 32) {
            throw new IllegalArgumentException("identity reference is 32 bytes");
        }
        identityReference = identityReference.clone();
        signature = signature.clone();
    }

    public static byte[] toBeSigned(BandSerial serial, UUID bindingId, byte[] identityReference, PhoneKey phone,
            Instant boundAt) {
        return Crypto.concat(LABEL, new Wire.Writer().ascii(serial.value()).bytes(Uuids.bytes(bindingId))
                .bytes(identityReference).bytes(phone.encoded()).u32(boundAt.getEpochSecond()).toBytes());
    }

    public boolean verify(PublicKey issuer, BandSerial serial) {
        return P256.verify(issuer, toBeSigned(serial, bindingId, identityReference, phone, boundAt), signature);
    }

    public byte[] encode() {
        return new Wire.Writer().bytes(Uuids.bytes(bindingId)).bytes(identityReference).bytes(phone.encoded())
                .u32(boundAt.getEpochSecond()).blob8(signature).toBytes();
    }

    public static Credential read(Wire.Reader r) throws ProtocolException {
        return new Credential(Uuids.of(r.bytes(16)), r.bytes(32), PhoneKey.of(r.bytes(P256.PUBLIC_KEY_LENGTH)),
                Instant.ofEpochSecond(r.u32()), r.blob8());
    }

    @Override
    public byte[] identityReference() {
        return identityReference.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}

package com.payband.band.protocol;

import com.payband.band.BandSerial;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A payment secret encrypted by the issuer to one band's device key (ECIES: ephemeral ECDH, HKDF,
 * AES-256-GCM). The console relays it and cannot open it.
 */
public record SealedSecret(byte[] issuerEphemeral, byte[] ciphertext) {

    public static final int SECRET_LENGTH = 32;
    private static final byte[] ZERO_NONCE = new byte[12];

    public SealedSecret {
        issuerEphemeral = issuerEphemeral.clone();
        ciphertext = ciphertext.clone();
    }

    /** The issuer's side. */
    public static SealedSecret seal(byte[] secret, PublicKey bandDeviceKey, BandSerial serial) {
        KeyPair eph = P256.generate();
        byte[] key = key(P256.ecdh(eph.getPrivate(), bandDeviceKey), serial);
        // a fresh ephemeral key per secret, so the all-zero nonce is never used twice with one key
        return new SealedSecret(P256.encode(eph.getPublic()),
                Crypto.aesGcmSeal(key, ZERO_NONCE, Crypto.ascii(serial.value()), secret));
    }

    /** The band's side. */
    public byte[] open(PrivateKey deviceKey, BandSerial serial) throws ProtocolException {
        byte[] key = key(P256.ecdh(deviceKey, P256.decode(issuerEphemeral)), serial);
        byte[] secret = Crypto.aesGcmOpen(key, ZERO_NONCE, Crypto.ascii(serial.value()), ciphertext);
        if (secret.length != SECRET_LENGTH) {
            throw new ProtocolException("payment secret of the wrong length");
        }
        return secret;
    }

    private static byte[] key(byte[] z, BandSerial serial) {
        return Crypto.hkdf(z, null, "PAYBAND-PAYSECRET-1" + serial.value(), 32);
    }

    public byte[] encode() {
        return new Wire.Writer().bytes(issuerEphemeral).blob8(ciphertext).toBytes();
    }

    public static SealedSecret read(Wire.Reader r) throws ProtocolException {
        return new SealedSecret(r.bytes(P256.PUBLIC_KEY_LENGTH), r.blob8());
    }

    @Override
    public byte[] issuerEphemeral() {
        return issuerEphemeral.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }
}

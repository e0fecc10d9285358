package com.payband.drivers.band;

import com.payband.band.BandSerial;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.Credential;
import com.payband.band.protocol.Crypto;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.SealedSecret;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * An issuer for the driver tests: signs what the protocol says the issuer signs. The console's real
 * issuer port (and its simulator) live in console-app and use the same protocol classes.
 */
public final class TestIssuer {

    private final KeyPair root = P256.generate();
    private final SecureRandom random = new SecureRandom();

    public PublicKey root() {
        return root.getPublic();
    }

    public Authorisation authorise(Command action, BandSerial serial, byte[] challenge, Instant expires, byte[] payload) {
        return authoriseWith(root, action, serial, challenge, expires, payload);
    }

    public static Authorisation authoriseWith(KeyPair key, Command action, BandSerial serial, byte[] challenge,
            Instant expires, byte[] payload) {
        byte[] hash = Crypto.sha256(payload);
        return new Authorisation(action, serial, challenge, expires, hash,
                P256.sign(key.getPrivate(), Authorisation.toBeSigned(action, serial, challenge, expires, hash)));
    }

    /**
     * A bind request: credential signed by this issuer with the owner's phone key, a fresh payment secret
     * sealed to the band.
     */
    public Bind bind(BandSerial serial, byte[] devicePublicKey, Instant now, PhoneKey phone) throws Exception {
        UUID bindingId = UUID.randomUUID();
        byte[] reference = new byte[32];
        random.nextBytes(reference);
        byte[] secret = new byte[SealedSecret.SECRET_LENGTH];
        random.nextBytes(secret);
        Instant at = Instant.ofEpochSecond(now.getEpochSecond());
        Credential credential = new Credential(bindingId, reference, phone, at,
                P256.sign(root.getPrivate(), Credential.toBeSigned(serial, bindingId, reference, phone, at)));
        return new Bind(new BindRequest(credential, SealedSecret.seal(secret, P256.decode(devicePublicKey), serial)), secret);
    }

    public record Bind(BindRequest request, byte[] secret) {
        public UUID bindingId() {
            return request.credential().bindingId();
        }
    }
}

package com.payband.band.protocol;

import com.payband.band.BandSerial;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The band's signed statement that it holds a binding and which phone it is now linked to: kept by the
 * console as proof. Signed with the device key over the serial, the binding id, the linked phone's
 * fingerprint (zeros if none), the challenge of the bind and the credential's hash. The console records
 * ACTIVE only when the phone is the customer's.
 */
public record BindAcknowledgement(UUID bindingId, Optional<PhoneFingerprint> linkedPhone, byte[] signature) {

    private static final byte[] LABEL = Crypto.ascii("PAYBAND-BIND-ACK-2");
    private static final byte[] NO_PHONE = new byte[PhoneFingerprint.LENGTH];

    public BindAcknowledgement {
        signature = signature.clone();
    }

    public static byte[] toBeSigned(BandSerial serial, UUID bindingId, Optional<PhoneFingerprint> linkedPhone,
            byte[] challenge, Credential credential) {
        return Crypto.concat(LABEL, Crypto.ascii(serial.value()), Uuids.bytes(bindingId), phoneBytes(linkedPhone),
                challenge, Crypto.sha256(credential.encode()));
    }

    public boolean verify(PublicKey deviceKey, BandSerial serial, byte[] challenge, Credential credential) {
        return bindingId.equals(credential.bindingId())
                && P256.verify(deviceKey, toBeSigned(serial, bindingId, linkedPhone, challenge, credential), signature);
    }

    public byte[] encode() {
        return new Wire.Writer().bytes(Uuids.bytes(bindingId)).bytes(phoneBytes(linkedPhone)).blob8(signature).toBytes();
    }

    public static BindAcknowledgement decode(byte[] body) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(body);
        BindAcknowledgement a = new BindAcknowledgement(Uuids.of(r.bytes(16)), phone(r.bytes(PhoneFingerprint.LENGTH)),
                r.blob8());
        r.end();
        return a;
    }

    static byte[] phoneBytes(Optional<PhoneFingerprint> phone) {
        return phone.map(PhoneFingerprint::bytes).orElse(NO_PHONE);
    }

    static Optional<PhoneFingerprint> phone(byte[] bytes) {
        return Arrays.equals(bytes, NO_PHONE) ? Optional.empty()
                : Optional.of(PhoneFingerprint.of(bytes));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}

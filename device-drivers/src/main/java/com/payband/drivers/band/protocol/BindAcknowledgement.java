package com.payband.drivers.band.protocol;

import com.payband.drivers.band.BandSerial;
import java.security.PublicKey;
import java.util.UUID;

/**
 * The band's signed statement that it holds a binding: kept by the console as proof. Signed with the
 * device key over the serial, the binding id, the challenge of the bind and the credential's hash.
 */
public record BindAcknowledgement(UUID bindingId, byte[] signature) {

    private static final byte[] LABEL = Crypto.ascii("PAYBAND-BIND-ACK-1");

    public BindAcknowledgement {
        signature = signature.clone();
    }

    public static byte[] toBeSigned(BandSerial serial, UUID bindingId, byte[] challenge, Credential credential) {
        return Crypto.concat(LABEL, Crypto.ascii(serial.value()), Uuids.bytes(bindingId), challenge,
                Crypto.sha256(credential.encode()));
    }

    public boolean verify(PublicKey deviceKey, BandSerial serial, byte[] challenge, Credential credential) {
        return bindingId.equals(credential.bindingId())
                && P256.verify(deviceKey, toBeSigned(serial, bindingId, challenge, credential), signature);
    }

    public byte[] encode() {
        return new Wire.Writer().bytes(Uuids.bytes(bindingId)).blob8(signature).toBytes();
    }

    public static BindAcknowledgement decode(byte[] body) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(body);
        BindAcknowledgement a = new BindAcknowledgement(Uuids.of(r.bytes(16)), r.blob8());
        r.end();
        return a;
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}

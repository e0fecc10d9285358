package com.payband.band.protocol;

import com.payband.band.BandSerial;
import java.util.ArrayList;
import java.util.List;

/**
 * The one exchange in clear: the console's ephemeral key and fresh nonce, the band's ephemeral key,
 * serial, certificate chain and attestation signature (band-gatt-profile.md, section 1).
 */
public final class Hello {

    /** Protocol version 2: the owner's phone is a party with its own key (band-gatt-profile.md). */
    public static final int VERSION = 2;
    public static final int REQUEST = 0x01;
    public static final int REPLY = 0x81;
    public static final int NONCE_LENGTH = 16;
    static final byte[] ATTEST_LABEL = Crypto.ascii("PAYBAND-ATTEST-1");

    private Hello() {
    }

    public record Request(byte[] consoleEphemeral, byte[] nonce) {
        public byte[] encode() {
            return new Wire.Writer().u8(REQUEST).u8(VERSION).bytes(consoleEphemeral).bytes(nonce).toBytes();
        }

        public static Request decode(byte[] message) throws ProtocolException {
            Wire.Reader r = new Wire.Reader(message);
            if (r.u8() != REQUEST || r.u8() != VERSION) {
                throw new ProtocolException("not a version-" + VERSION + " HELLO");
            }
            Request request = new Request(r.bytes(P256.PUBLIC_KEY_LENGTH), r.bytes(NONCE_LENGTH));
            r.end();
            return request;
        }
    }

    /**
     * @param chain DER certificates: the device's, then the manufacturer's intermediate (if any)
     */
    public record Reply(byte[] bandEphemeral, BandSerial serial, List<byte[]> chain, byte[] signature) {
        public Reply {
            chain = List.copyOf(chain);
        }

        public byte[] encode() {
            Wire.Writer w = new Wire.Writer().u8(REPLY).u8(VERSION).bytes(bandEphemeral).ascii(serial.value())
                    .u8(chain.size());
            chain.forEach(w::blob16);
            return w.blob8(signature).toBytes();
        }

        public static Reply decode(byte[] message) throws ProtocolException {
            Wire.Reader r = new Wire.Reader(message);
            if (r.u8() != REPLY || r.u8() != VERSION) {
                throw new ProtocolException("not a version-" + VERSION + " HELLO reply (older band firmware?)");
            }
            byte[] eph = r.bytes(P256.PUBLIC_KEY_LENGTH);
            BandSerial serial;
            try {
                serial = new BandSerial(r.ascii(BandSerial.LENGTH));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("HELLO reply with a malformed serial");
            }
            int n = r.u8();
            List<byte[]> chain = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                chain.add(r.blob16());
            }
            byte[] signature = r.blob8();
            r.end();
            return new Reply(eph, serial, chain, signature);
        }
    }

    /** What the band's device key signs: its serial, the console's nonce and both ephemeral keys. */
    public static byte[] attestationInput(BandSerial serial, byte[] nonce, byte[] consoleEphemeral, byte[] bandEphemeral) {
        return Crypto.concat(ATTEST_LABEL, Crypto.ascii(serial.value()), nonce, consoleEphemeral, bandEphemeral);
    }
}

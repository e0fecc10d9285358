package com.payband.band.protocol;

import com.payband.band.BandSerial;
import java.util.UUID;

/**
 * What the linked phone signs to act on its band (band-gatt-profile.md, phone link): the purpose, the
 * band's serial, the binding, the challenge the band just gave in this session, and the session's id.
 * A signature is good for one command in one session: replayed in another session, or by another
 * central that relays it, it verifies against nothing.
 */
public final class PhoneProof {

    public enum Purpose {
        UNLOCK("PAYBAND-UNLOCK-2"),
        RELEASE("PAYBAND-RELEASE-2");

        private final byte[] label;

        Purpose(String label) {
            this.label = Crypto.ascii(label);
        }
    }

    private PhoneProof() {
    }

    public static byte[] toBeSigned(Purpose purpose, BandSerial serial, UUID bindingId, byte[] challenge, byte[] sessionId) {
        return Crypto.concat(purpose.label, Crypto.ascii(serial.value()), Uuids.bytes(bindingId), challenge, sessionId);
    }
}

package com.payband.console.enrollment;

import com.payband.band.protocol.BindAcknowledgement;
import com.payband.band.protocol.Credential;
import com.payband.band.protocol.Wire;

/**
 * What the console keeps as proof that a band holds a binding: the credential, the challenge of the
 * bind and the band's signed acknowledgement over both, verifiable later with the band's attested key.
 * A reconciled bind keeps the band's attested statement instead (kind 2).
 */
final class BindProof {

    private static final int ACKNOWLEDGED = 1;
    private static final int RECONCILED = 2;

    private BindProof() {
    }

    static byte[] acknowledged(Credential credential, byte[] challenge, BindAcknowledgement ack) {
        return new Wire.Writer().u8(ACKNOWLEDGED).blob16(credential.encode()).bytes(challenge).blob16(ack.encode())
                .toBytes();
    }

    static byte[] reconciled(byte[] attestedInfo) {
        return new Wire.Writer().u8(RECONCILED).blob16(attestedInfo).toBytes();
    }
}

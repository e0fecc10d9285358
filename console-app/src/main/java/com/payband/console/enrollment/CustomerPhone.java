package com.payband.console.enrollment;

import com.payband.band.protocol.PhoneFingerprint;
import com.payband.band.protocol.PhoneKey;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer's phone key that the console has checked ({@link EnrollmentService#acceptPhone}): read from
 * the phone's own code, signed by that phone, fresh, and not linked to anyone else. Only enrollment makes
 * one, for one customer; a bind takes nothing else.
 */
public final class CustomerPhone {

    private final UUID customerId;
    private final PhoneKey key;
    private final Instant codeMade;

    CustomerPhone(UUID customerId, PhoneKey key, Instant codeMade) {
        this.customerId = Objects.requireNonNull(customerId);
        this.key = Objects.requireNonNull(key);
        this.codeMade = Objects.requireNonNull(codeMade);
    }

    /** When the phone made the code it was accepted from: a bind much later needs a fresh one. */
    Instant codeMade() {
        return codeMade;
    }

    public UUID customerId() {
        return customerId;
    }

    public PhoneKey key() {
        return key;
    }

    public PhoneFingerprint fingerprint() {
        return key.fingerprint();
    }
}

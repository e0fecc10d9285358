package com.payband.console.staff;

import java.time.Instant;
import java.util.Optional;

/** A sign-in that did not succeed. Unknown names and wrong passwords are deliberately the same reason. */
public final class SignInException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        WRONG_CREDENTIALS,
        LOCKED,
        DISABLED
    }

    private final Reason reason;
    private final transient Instant lockedUntil;

    public SignInException(Reason reason, Instant lockedUntil) {
        super(reason.name());
        this.reason = reason;
        this.lockedUntil = lockedUntil;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<Instant> lockedUntil() {
        return Optional.ofNullable(lockedUntil);
    }
}

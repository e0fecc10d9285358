package com.payband.console.issuer;

/** What the issuer's verifier says of a payment code. */
public enum PaymentVerdict {
    ACCEPTED,
    /** The code (or an older one of the same band) was already used. */
    REPLAYED,
    /** The binding is suspended, deactivated or not confirmed: the band must not pay. */
    BINDING_NOT_ACTIVE,
    UNKNOWN_BINDING,
    /** The MAC does not verify: forged or corrupted. */
    FORGED,
    /** Outside the accepted time window: the band's clock is wrong, or the code is old. */
    STALE;

    public boolean accepted() {
        return this == ACCEPTED;
    }
}

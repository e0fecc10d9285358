package com.payband.console.binding;

/** Where a binding is in its life. See {@code src/docs/lifecycle.md}. */
public enum BindingState {
    /** Bind started, not yet confirmed by the band's signed acknowledgement. */
    PENDING,
    /** The band pays for its owner. */
    ACTIVE,
    /** The bind did not complete and was rolled back. Terminal. */
    FAILED,
    /** Reported lost: the band cannot pay until the owner is re-verified. */
    SUSPENDED,
    /** Revoked for good (stolen, fraud, customer request, damaged, replaced). Terminal. */
    DEACTIVATED;

    public boolean terminal() {
        return this == FAILED || this == DEACTIVATED;
    }
}

package com.payband.console.support;

/** Where a reset of a recovered band is, for the member's progress and for tests that stop it in the middle. */
public enum ResetStep {
    /** Looking for the band and asking which binding it holds. */
    FINDING_BAND,
    /** Asking the issuer to sign the reset for that binding. */
    AUTHORISING,
    /** The reset recorded as under way: from here a stop is settled by asking the band at the next start. */
    RECORDED_UNDER_WAY,
    /** The band said it reset (or, after a dropped link, was found factory-new). */
    BAND_RESET,
    /** Recorded and audited. */
    DONE
}

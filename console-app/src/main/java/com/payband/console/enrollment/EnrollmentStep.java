package com.payband.console.enrollment;

/** Where an enrollment is, for the progress a person watches (and for tests that stop the process there). */
public enum EnrollmentStep {
    FINDING_BAND,
    /** A bind of this band left unfinished (the console was killed in it): finished or rolled back with the band first. */
    SETTLING_UNFINISHED,
    ATTESTING,
    CHECKING_BAND,
    /** The binding is recorded as PENDING: from here a crash is reconciled, not forgotten. */
    RECORDED_PENDING,
    ISSUER_PREPARED,
    /** The band's clock is set (issuer-signed, for the binding being made) when it is unset or off. */
    SETTING_CLOCK,
    /** The link dropped during the bind: the console asks the band what it holds, and finishes accordingly. */
    RECONCILING,
    /** The band holds the binding and refuses any other (the anti-theft lock is on). */
    BAND_BOUND,
    CONFIRMED,
    READING_PAYMENT_CODE,
    PAYMENT_VERIFIED
}

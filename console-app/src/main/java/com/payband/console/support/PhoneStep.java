package com.payband.console.support;

/** Where a change of a band's phone is, for the member's progress and for tests that stop it in the middle. */
public enum PhoneStep {
    /** Looking for the band and asking which binding and phone it holds. */
    FINDING_BAND,
    /** The change recorded as under way: from here a stop is settled by asking the band at the next start. */
    RECORDED_UNDER_WAY,
    /** The band freed its phone slot (the old phone no longer unlocks it). */
    PHONE_UNLINKED,
    /** The band linked the new phone. */
    PHONE_LINKED,
    /** Recorded in the binding's history and audited. */
    DONE
}

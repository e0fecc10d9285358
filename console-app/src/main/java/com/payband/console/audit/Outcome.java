package com.payband.console.audit;

/** How the recorded attempt ended. */
public enum Outcome {
    SUCCESS,
    /** Refused by the permission matrix or a rule. */
    DENIED,
    FAILED
}

package com.payband.console.binding;

/** Why a binding changed state; every transition carries one. */
public enum ReasonCode {
    /** The band acknowledged the bind with its signature. */
    BIND_CONFIRMED,
    /** The bind did not complete (link lost, refused, cancelled) and was undone. */
    BIND_ROLLED_BACK,
    LOST,
    /** A lost band is back with its owner, who was re-verified with their document. */
    FOUND,
    STOLEN,
    FRAUD,
    CUSTOMER_REQUEST,
    DAMAGED,
    REPLACED
}

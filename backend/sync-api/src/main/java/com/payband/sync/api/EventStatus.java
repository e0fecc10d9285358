package com.payband.sync.api;

/** What the backend made of one pushed event. */
public enum EventStatus {
    /** Stored now. */
    ACCEPTED,
    /** Stored before (a retry): nothing changed. */
    DUPLICATE,
    /** Not stored, and never will be: see the result's error. */
    REJECTED
}

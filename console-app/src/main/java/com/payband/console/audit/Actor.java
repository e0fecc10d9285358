package com.payband.console.audit;

import java.util.UUID;

/**
 * Who did it: a member of staff, or the console itself.
 *
 * @param staffId null for the console itself or an unknown account
 * @param name    the staff handle, {@code system}, or {@code unknown-account}
 */
public record Actor(UUID staffId, String name) {

    public static final Actor SYSTEM = new Actor(null, "system");
    /** A sign-in for a name that is not an account: the typed text is not recorded (it may be a password). */
    public static final Actor UNKNOWN_ACCOUNT = new Actor(null, "unknown-account");
}

package com.payband.console.staff;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What an administrator sees of an account (never its password hash). */
public record StaffAccountView(String username, Set<Role> roles, boolean enabled, boolean locked,
        boolean mustChangePassword, Instant createdAt, Optional<Instant> lastSignInAt) {

    static StaffAccountView of(StaffAccount account, Instant now) {
        return new StaffAccountView(account.username(), account.roles(), account.enabled(),
                account.lockedUntil(now).isPresent(), account.mustChangePassword(), account.createdAt(),
                account.lastSignInAt());
    }
}

package com.payband.console.staff;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A signed-in member of staff. Services take it as their first argument and check its permissions
 * themselves; it is only ever made by {@link StaffService#signIn}.
 */
public final class StaffSession {

    private final UUID staffId;
    private final String username;
    private final Set<Role> roles;
    private final Instant signedInAt;
    private final boolean mustChangePassword;

    StaffSession(UUID staffId, String username, Set<Role> roles, Instant signedInAt, boolean mustChangePassword) {
        this.staffId = staffId;
        this.username = username;
        this.roles = Set.copyOf(roles);
        this.signedInAt = signedInAt;
        this.mustChangePassword = mustChangePassword;
    }

    public UUID staffId() {
        return staffId;
    }

    public String username() {
        return username;
    }

    public Set<Role> roles() {
        return roles;
    }

    public Instant signedInAt() {
        return signedInAt;
    }

    public boolean mustChangePassword() {
        return mustChangePassword;
    }

    public com.payband.console.audit.Actor actor() {
        return new com.payband.console.audit.Actor(staffId, username);
    }

    public boolean may(Action action) {
        return PermissionMatrix.allows(roles, action);
    }

    @Override
    public String toString() {
        return "StaffSession[" + username + " " + roles + "]";
    }
}

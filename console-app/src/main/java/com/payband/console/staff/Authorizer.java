package com.payband.console.staff;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.store.Database;

/**
 * The permission check every service makes before it acts: a role of the account must allow the
 * action, the account must still be enabled (a session outlives nothing its administrator revoked,
 * roles included), and a password set by an administrator must have been changed. Refusals are
 * audited.
 *
 * <p>Accounts change only through this process (the folder lock keeps any other out), so what an
 * account allows is kept between checks and forgotten whenever {@link StaffService} changes an account:
 * a revocation still counts from the next check, without a database round trip per check.
 */
public final class Authorizer {

    private final Database database;
    private final AuditTrail audit;
    private final java.util.Map<java.util.UUID, Account> accounts = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the checks need of an account. */
    private record Account(boolean enabled, java.util.Set<Role> roles, boolean mustChangePassword) {
    }

    public Authorizer(Database database, AuditTrail audit) {
        this.database = database;
        this.audit = audit;
    }

    public void require(StaffSession session, Action action) {
        Account account = accounts.computeIfAbsent(session.staffId(), id -> database.inTransaction(s -> {
            StaffAccount a = s.find(StaffAccount.class, id);
            return a == null ? new Account(false, java.util.Set.of(), false)
                    : new Account(a.enabled(), java.util.Set.copyOf(a.roles()), a.mustChangePassword());
        }));
        AccessDeniedException.Reason refusal;
        if (!account.enabled()) {
            refusal = AccessDeniedException.Reason.ACCOUNT_DISABLED;
        } else if (!PermissionMatrix.allows(account.roles(), action) || !session.may(action)) {
            refusal = AccessDeniedException.Reason.NOT_PERMITTED;
        } else {
            refusal = account.mustChangePassword() ? AccessDeniedException.Reason.PASSWORD_CHANGE_REQUIRED : null;
        }
        if (refusal != null) {
            audit.record(session.actor(), AuditAction.ACCESS_DENIED, Outcome.DENIED, null, refusal.name(), action.name());
            throw new AccessDeniedException(session.username(), action, refusal);
        }
    }

    /** Called by {@link StaffService} after any change to any account (roles, enabled, password). */
    void accountsChanged() {
        accounts.clear();
    }

    /**
     * Whatever comes next: an account whose password an administrator set may do nothing but change it,
     * not even what needs no permission (reading the settings). Asked right after sign-in; audited.
     */
    public void requireOwnPassword(StaffSession session) {
        if (session.mustChangePassword()) {
            AccessDeniedException.Reason refusal = AccessDeniedException.Reason.PASSWORD_CHANGE_REQUIRED;
            audit.record(session.actor(), AuditAction.ACCESS_DENIED, Outcome.DENIED, null, refusal.name(), null);
            throw new AccessDeniedException(session.username(), null, refusal);
        }
    }
}

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
 */
public final class Authorizer {

    private final Database database;
    private final AuditTrail audit;

    public Authorizer(Database database, AuditTrail audit) {
        this.database = database;
        this.audit = audit;
    }

    public void require(StaffSession session, Action action) {
        AccessDeniedException.Reason refusal = database.inTransaction(s -> {
            StaffAccount account = s.find(StaffAccount.class, session.staffId());
            if (account == null || !account.enabled()) {
                return AccessDeniedException.Reason.ACCOUNT_DISABLED;
            }
            if (!PermissionMatrix.allows(account.roles(), action) || !session.may(action)) {
                return AccessDeniedException.Reason.NOT_PERMITTED;
            }
            return account.mustChangePassword() ? AccessDeniedException.Reason.PASSWORD_CHANGE_REQUIRED : null;
        });
        if (refusal != null) {
            audit.record(session.actor(), AuditAction.ACCESS_DENIED, Outcome.DENIED, null, refusal.name(), action.name());
            throw new AccessDeniedException(session.username(), action, refusal);
        }
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

package com.payband.console.staff;

/** The signed-in member of staff may not do this (now); the attempt is in the audit trail. */
public final class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** No role of the account allows the action. */
        NOT_PERMITTED,
        /** The account was disabled after this session began. */
        ACCOUNT_DISABLED,
        /** The account's password was set by an administrator and must be changed first. */
        PASSWORD_CHANGE_REQUIRED
    }

    private final Action action;
    private final Reason reason;

    /** @param action what was refused, or null when nothing at all is allowed yet */
    public AccessDeniedException(String username, Action action, Reason reason) {
        super(username + " may not " + (action == null ? "act" : action) + " (" + reason + ")");
        this.action = action;
        this.reason = reason;
    }

    public Action action() {
        return action;
    }

    public Reason reason() {
        return reason;
    }
}

package com.payband.console.staff;

/** An administrator's request about a staff account that cannot be carried out. */
public final class StaffException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        INVALID_USERNAME,
        USERNAME_TAKEN,
        NO_SUCH_ACCOUNT,
        NO_ROLE,
        ADMINISTRATOR_EXISTS,
        CANNOT_DISABLE_SELF,
        LAST_ADMINISTRATOR
    }

    private final Reason reason;

    public StaffException(Reason reason, String username) {
        super(reason + ": " + username);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package com.payband.console.ui;

import com.payband.console.staff.Action;
import com.payband.console.staff.StaffSession;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The console's screens, and what a role must be allowed to see each in the navigation. */
public enum Page {
    HOME(null),
    ENROLL(Action.ENROLL_BAND),
    CUSTOMERS(Action.FIND_CUSTOMER),
    /** A band by its serial (a clerk told to "keep it and call support" too); found and reset for support agents. */
    SUPPORT(Action.FIND_CUSTOMER),
    STAFF(Action.MANAGE_STAFF),
    AUDIT(Action.VIEW_AUDIT),
    /** Backups, their restore check and the key-recovery file: the administrator's care of the store. */
    BACKUPS(Action.BACKUP_STORE),
    /** Language and theme for everyone; the store's settings only for who may change them. */
    SETTINGS(null);

    private final Action needs;

    Page(Action needs) {
        this.needs = needs;
    }

    public Optional<Action> needs() {
        return Optional.ofNullable(needs);
    }

    public boolean openTo(StaffSession staff) {
        return needs == null || staff.may(needs);
    }

    /** The pages this member of staff may open, in navigation order. */
    public static List<Page> allowed(StaffSession staff) {
        return Arrays.stream(values()).filter(p -> p.openTo(staff)).toList();
    }
}

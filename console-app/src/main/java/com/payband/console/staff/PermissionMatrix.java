package com.payband.console.staff;

import static com.payband.console.staff.Action.*;
import static com.payband.console.staff.Role.*;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Role × action: the one table that says who may do what. {@code src/docs/security.md} shows the same
 * table, and a test checks that the two agree.
 */
public final class PermissionMatrix {

    private static final Map<Role, Set<Action>> ALLOWED = new EnumMap<>(Role.class);

    static {
        ALLOWED.put(RETAIL_STAFF, EnumSet.of(READ_DOCUMENT, REGISTER_CUSTOMER, FIND_CUSTOMER, VIEW_PERSONAL_DATA,
                SCAN_BANDS, ENROLL_BAND, REPORT_LOST, REPORT_STOLEN, SYNC));
        ALLOWED.put(SUPPORT_AGENT, EnumSet.of(READ_DOCUMENT, REGISTER_CUSTOMER, FIND_CUSTOMER, VIEW_PERSONAL_DATA,
                SCAN_BANDS, ENROLL_BAND, REPORT_LOST, REPORT_STOLEN, RESUME_BINDING, DEACTIVATE_BINDING, RESET_BAND, LINK_PHONE, IMPORT_REVOCATIONS, DIAGNOSE_BAND,
                SYNC));
        ALLOWED.put(FIELD_TECHNICIAN, EnumSet.of(READ_DOCUMENT, SCAN_BANDS, DIAGNOSE_BAND, UPDATE_FIRMWARE, VIEW_STORE_STATS,
                SYNC));
        ALLOWED.put(ADMIN, EnumSet.of(READ_DOCUMENT, APPROVE_RESET, MANAGE_STAFF, VIEW_AUDIT, VERIFY_AUDIT, EXPORT_AUDIT,
                BACKUP_STORE, VIEW_STORE_STATS, CHANGE_SETTINGS, MANAGE_KEYS, UNLOCK_STORE, REGISTER_BACKEND, SYNC));
        ALLOWED.put(AUDITOR, EnumSet.of(VIEW_AUDIT, VERIFY_AUDIT, EXPORT_AUDIT, SYNC));
    }

    private PermissionMatrix() {
    }

    public static boolean allows(Role role, Action action) {
        return ALLOWED.get(role).contains(action);
    }

    public static boolean allows(Collection<Role> roles, Action action) {
        return roles.stream().anyMatch(role -> allows(role, action));
    }

    public static Set<Action> actionsOf(Role role) {
        return Collections.unmodifiableSet(ALLOWED.get(role));
    }
}

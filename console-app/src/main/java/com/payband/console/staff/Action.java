package com.payband.console.staff;

/** Everything a staff member can ask the console to do that a role may or may not allow. */
public enum Action {
    READ_DOCUMENT,
    REGISTER_CUSTOMER,
    FIND_CUSTOMER,
    VIEW_PERSONAL_DATA,
    SCAN_BANDS,
    ENROLL_BAND,
    /** Report a band lost: its binding suspended (retail staff take such calls too). */
    REPORT_LOST,
    /** Report a band stolen: its binding deactivated for good, the band on the list of stolen bands. */
    REPORT_STOLEN,
    RESUME_BINDING,
    /** Deactivate for the other reasons: fraud, the customer's request, a damaged or replaced band. */
    DEACTIVATE_BINDING,
    RESET_BAND,
    /**
     * Approve one reset of a band deactivated as stolen or fraud whose owner cannot come: an administrator, signed in
     * at the support agent's console for it (never the agent themselves).
     */
    APPROVE_RESET,
    /** Unlink the owner's old phone from their band and link their new one (the owner re-verified, the band here). */
    LINK_PHONE,
    /** Import a list of stolen bands from a file (the provider's, the police's). */
    IMPORT_REVOCATIONS,
    DIAGNOSE_BAND,
    UPDATE_FIRMWARE,
    MANAGE_STAFF,
    VIEW_AUDIT,
    VERIFY_AUDIT,
    EXPORT_AUDIT,
    BACKUP_STORE,
    VIEW_STORE_STATS,
    CHANGE_SETTINGS,
    MANAGE_KEYS,
    /** Open a passphrase-protected store after a start (then everyone signs in with their own password only). */
    UNLOCK_STORE,
    /** Register this console with a backend (its certificate, the backend's CA pinned). */
    REGISTER_BACKEND,
    /** See whether the console is registered and reaches its backend, and push its outbox now. */
    SYNC
}

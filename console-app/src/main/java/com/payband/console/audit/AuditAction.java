package com.payband.console.audit;

/** What an audit event records. Names are stable: exports and scripts rely on them. */
public enum AuditAction {
    STORE_CREATED,
    STORE_OPENED,
    STORE_MIGRATED,
    STORE_BACKED_UP,
    STORE_COMPACTED,
    STORE_RESTORED,
    /** A store of an earlier version had its database file encrypted under the store key. */
    STORE_ENCRYPTED,
    ADMINISTRATOR_CREATED,
    SIGN_IN,
    SIGN_IN_FAILED,
    ACCOUNT_LOCKED,
    ACCESS_DENIED,
    STAFF_CREATED,
    STAFF_DISABLED,
    STAFF_ENABLED,
    STAFF_ROLES_CHANGED,
    STAFF_PASSWORD_RESET,
    STAFF_UNLOCKED,
    PASSWORD_CHANGED,
    DOCUMENT_READ,
    DOCUMENT_READ_FAILED,
    DOCUMENT_REFUSED,
    CUSTOMER_REGISTERED,
    CUSTOMER_SEARCHED,
    PERSONAL_DATA_VIEWED,
    BAND_REGISTERED,
    BINDING_CREATED,
    BINDING_TRANSITION,
    BINDING_RECONCILED,
    ENROLLMENT_REFUSED,
    ENROLLMENT_QUEUED,
    ENROLLMENT_UNQUEUED,
    BAND_CLOCK_SET,
    /** A recovered band was reset to factory state with the issuer's signature (or refused: the reason says why). */
    BAND_RESET,
    /** An administrator, signed in at the support desk, approved one reset of a band deactivated as stolen or fraud. */
    RESET_APPROVED,
    /** The owner's old phone was unlinked from their band and their new one linked (issuer-signed, owner re-verified). */
    BINDING_PHONE_CHANGED,
    /** A list of stolen bands was imported from a file (its name; how many lines, bands added, already listed). */
    REVOCATIONS_IMPORTED,
    PAYMENT_VERIFIED,
    BAND_SCANNED,
    BAND_INSPECTED,
    AUDIT_VIEWED,
    AUDIT_VERIFIED,
    AUDIT_EXPORTED,
    KEY_RECOVERY_EXPORTED,
    KEY_RECOVERED,
    SETTINGS_CHANGED,
    STORE_STATS_VIEWED,
    CONSENT_RECORDED,
    /** The console registered with a backend (or failed to: the reason says why). */
    BACKEND_REGISTERED,
    /** Entries of the backend's revocation list of stolen bands were taken into the store (how many, up to which). */
    REVOCATION_LIST_UPDATED,
    /** The console renewed its certificate at its backend before it expired (a new key; the system's step). */
    BACKEND_CERTIFICATE_RENEWED,
    /** An administrator unlocked the passphrase-protected store after a start (from the window's sign-in). */
    STORE_UNLOCKED,
    /** A backup was checked: unpacked beside the store, opened with its key, its chain verified, then removed. */
    BACKUP_CHECKED
}

package com.payband.console.staff;

/** What a staff member does; an account may hold several. */
public enum Role {
    /** Store staff: read ID cards, enroll customers, bind bands. */
    RETAIL_STAFF,
    /** Service-centre agents: re-verify owners, suspend, deactivate, resume, reset recovered bands. */
    SUPPORT_AGENT,
    /** Field technicians: diagnose bands, update firmware; no access to personal data. */
    FIELD_TECHNICIAN,
    /** Administrators: staff accounts, settings, keys and backups; no customer operations. */
    ADMIN,
    /** Auditors: read and verify the audit trail, nothing else. */
    AUDITOR
}

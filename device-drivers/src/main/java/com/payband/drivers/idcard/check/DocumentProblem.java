package com.payband.drivers.idcard.check;

/** Something wrong with a document, and whether it stops enrolment. */
public enum DocumentProblem {
    /** The last day of validity has passed. A long-term (长期) resident card never expires. */
    EXPIRED(Severity.REFUSE),
    /** A resident card whose validity starts after today. */
    NOT_YET_VALID(Severity.REFUSE),
    /** A resident ID number that is not 17 digits followed by a digit or X. */
    MALFORMED_ID_NUMBER(Severity.REFUSE),
    /** A resident ID number whose ISO 7064 check character does not match its digits. */
    INVALID_CHECK_CHARACTER(Severity.REFUSE),
    /** The birth date in the resident ID number is not the card's birth date. */
    BIRTH_DATE_MISMATCH(Severity.REFUSE),
    /** The 17th digit of the resident ID number encodes the other sex than the card's. */
    SEX_MISMATCH(Severity.REFUSE),
    BIRTH_DATE_IN_FUTURE(Severity.REFUSE),
    /** Younger today than the configured minimum age. */
    UNDER_AGE(Severity.REFUSE),
    /** The chip's data does not match its signature: altered or forged. */
    PASSIVE_AUTHENTICATION_FAILED(Severity.REFUSE),
    /** The console trusts no CSCA: the chip's authenticity is unknown; accepted by setting, staff decide. */
    PASSIVE_AUTHENTICATION_NOT_CHECKED(Severity.WARN),
    /** The console trusts no CSCA, and such documents are refused (the default outside the simulator). */
    PASSIVE_AUTHENTICATION_NOT_CHECKED_REFUSED(Severity.REFUSE);

    public enum Severity {
        /** The document must not be used to enrol. */
        REFUSE,
        /** Shown to staff; enrolment may go on. */
        WARN
    }

    private final Severity severity;

    DocumentProblem(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}

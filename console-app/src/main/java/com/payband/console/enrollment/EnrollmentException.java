package com.payband.console.enrollment;

import com.payband.band.protocol.Status;
import java.util.Optional;
import java.util.UUID;

/** An enrollment that did not (or not yet) produce an active binding; the reason decides the guidance shown. */
public final class EnrollmentException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        BAND_NOT_FOUND,
        RADIO_UNAVAILABLE,
        /** Attestation failed: not made by a trusted manufacturer. */
        COUNTERFEIT,
        /** The band holds someone's binding (whose is not said). */
        BOUND_TO_ANOTHER,
        /** The issuer has a live binding of this band from another store, or another store is binding it right now. */
        BOUND_ELSEWHERE,
        /** The band holds a binding reported stolen or fraudulent. */
        REPORTED_STOLEN,
        /** This customer's band is already enrolled with this band. */
        ALREADY_ENROLLED,
        /** The band already waits in the offline enrollment queue. */
        ALREADY_QUEUED,
        BATTERY_LOW,
        /** The band refused the bind; the binding was rolled back (FAILED). */
        BAND_REFUSED,
        /** The link dropped before the band took the binding; rolled back (FAILED), try again. */
        ROLLED_BACK_LINK_LOST,
        /** The link dropped and the band could not be reached again: the binding stays PENDING until it is. */
        UNRESOLVED,
        ISSUER_UNAVAILABLE,
        /** This console is registered with no backend: there is no issuer to bind with (the bind may wait in the queue). */
        CONSOLE_NOT_REGISTERED,
        /** The issuer asks this console to slow down (too many band authorisations in the last minute). */
        ISSUER_BUSY,
        /** The issuer's policy refused (a band it cannot bind now, a clock it will not set, too many requests). */
        ISSUER_REFUSED,
        /** The band broke the protocol mid-way. */
        PROTOCOL,
        /** The phone step: what was scanned is not a PayBand phone code. */
        PHONE_CODE_UNREADABLE,
        /** The phone step: the code's signature is not its key's (forged or altered). */
        PHONE_CODE_INVALID,
        /** The phone step: the code was made too long ago (a photographed code), or its clock is far ahead. */
        PHONE_CODE_STALE,
        /** The phone step: this phone unlocks a live binding of another customer. */
        PHONE_OF_ANOTHER_CUSTOMER,
        /** A factory-new band that already has a phone linked: someone paired it before the sale. */
        PHONE_PRELINKED,
        /** After the bind the band named a phone other than the customer's: refused, the band reset. */
        PHONE_MISMATCH,
        /** As PHONE_MISMATCH, but the band could not be reset: it still holds the rolled-back binding. */
        PHONE_MISMATCH_NOT_RESET,
        /** Payment check: what was scanned is not a PayBand payment code. */
        PAYMENT_CODE_UNREADABLE,
        /** Payment check: the code is of another band's binding. */
        PAYMENT_CODE_OF_ANOTHER_BAND,
        /** Payment check: the issuer refused the band's code. */
        PAYMENT_REFUSED,
        /** Payment check: this console is registered with no backend, so no issuer can check a code here. */
        PAYMENT_CHECK_NOT_REGISTERED
    }

    private final Reason reason;
    private final transient UUID bindingId;
    private final transient Status status;
    private final String detail;

    public EnrollmentException(Reason reason, UUID bindingId, Status status, String detail, Throwable cause) {
        super(reason + (status == null ? "" : " " + status) + ": " + detail, cause);
        this.reason = reason;
        this.bindingId = bindingId;
        this.status = status;
        this.detail = detail;
    }

    public EnrollmentException(Reason reason, String detail) {
        this(reason, null, null, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    public Optional<UUID> bindingId() {
        return Optional.ofNullable(bindingId);
    }

    public Optional<Status> status() {
        return Optional.ofNullable(status);
    }

    /** What the reason is about, for people who look into it (for PAYMENT_REFUSED: the issuer's verdict). */
    public String detail() {
        return detail;
    }
}

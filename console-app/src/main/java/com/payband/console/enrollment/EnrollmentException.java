package com.payband.console.enrollment;

import com.payband.drivers.band.protocol.Status;
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
        /** The band holds a binding reported stolen or fraudulent. */
        REPORTED_STOLEN,
        /** This customer's band is already enrolled with this band. */
        ALREADY_ENROLLED,
        BATTERY_LOW,
        /** The band refused the bind; the binding was rolled back (FAILED). */
        BAND_REFUSED,
        /** The link dropped before the band took the binding; rolled back (FAILED), try again. */
        ROLLED_BACK_LINK_LOST,
        /** The link dropped and the band could not be reached again: the binding stays PENDING until it is. */
        UNRESOLVED,
        ISSUER_UNAVAILABLE,
        /** The band broke the protocol mid-way. */
        PROTOCOL,
        /** Payment check: the band is not worn, or not unlocked from the customer's phone. */
        NOT_UNLOCKED,
        /** Payment check: the issuer refused the band's code. */
        PAYMENT_REFUSED
    }

    private final Reason reason;
    private final transient UUID bindingId;
    private final transient Status status;

    public EnrollmentException(Reason reason, UUID bindingId, Status status, String detail, Throwable cause) {
        super(reason + (status == null ? "" : " " + status) + ": " + detail, cause);
        this.reason = reason;
        this.bindingId = bindingId;
        this.status = status;
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
}

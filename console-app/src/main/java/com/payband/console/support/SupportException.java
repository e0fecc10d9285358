package com.payband.console.support;

import java.util.Optional;
import java.util.UUID;

/** A support action that was refused or could not be finished; the reason decides what the agent is told. */
public final class SupportException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The band is not heard (away, flat, switched off). */
        BAND_NOT_FOUND,
        /** The band is factory-new already: there is nothing to reset. */
        NOT_BOUND,
        /** The band's binding is live (active or lost): its owner's band, reported neither stolen nor ended. */
        BINDING_LIVE,
        /** The issuer needs the owner re-verified with their document, or an administrator's approval. */
        OWNER_NOT_VERIFIED,
        /** A band reported stolen or ended for fraud is reset only as found (recovered), not for another reason. */
        RESET_REASON_UNFITTING,
        /**
         * The administrator's approval is not for this: it was given for another band or member of staff, used
         * already, too old, or the administrator is the member of staff asking.
         */
        APPROVAL_NOT_VALID,
        /** The backend (and its issuer) cannot be reached: resets and resumes need it. */
        BACKEND_UNAVAILABLE,
        /** This console is registered with no backend: no issuer signs a reset or a phone change here. */
        CONSOLE_NOT_REGISTERED,
        /**
         * The binding was made under an earlier registration (the console has moved to another backend since): only
         * that backend's issuer can resume it, change its phone or end it for a new band.
         */
        ISSUED_ELSEWHERE,
        /** The issuer refused (its policy, or the binding is not what this console thinks). */
        ISSUER_REFUSED,
        /** The backend has the binding in another state than this console: another store ended it. */
        STATE_ELSEWHERE,
        /** The binding is over (deactivated, failed): its band obeys no phone any more, a new one is not linked. */
        NOT_LIVE,
        /** The band still has a phone linked: it is unlinked first (the owner re-verified), then the new one linked. */
        PHONE_STILL_LINKED,
        /** The band at the console holds another binding than this customer's: not their band. */
        NOT_THIS_BAND,
        /** The ID card read at the desk is not that of the owner the issuer recorded for the band's binding. */
        NOT_THE_OWNER,
        /** The issuer knows no binding of the band in force (never bound, ended, or reported already). */
        NOTHING_IN_FORCE,
        /** This console enrolled the band: it is reported on the customer's page, through its own lifecycle. */
        REPORT_HERE,
        /** This console sent too many reports with another person's card: the issuer takes its reports again later. */
        REPORTS_PAUSED,
        /** The link dropped during the reset; the band, asked again, still holds its binding or was not heard: try again. */
        RESET_UNCONFIRMED
    }

    private final Reason reason;
    private final transient UUID bindingId;

    public SupportException(Reason reason, UUID bindingId, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
        this.bindingId = bindingId;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<UUID> bindingId() {
        return Optional.ofNullable(bindingId);
    }
}

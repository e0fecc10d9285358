package com.payband.sync.api;

/** The {@code error} of an {@link ApiError}: stable names that clients act on (the message is for people). */
public enum ApiErrorCode {
    /** Not JSON, wrong types, a missing or unknown field. */
    MALFORMED_REQUEST,
    /** The body is larger than {@link ApiPaths#MAX_BODY_BYTES}. */
    BODY_TOO_LARGE,
    /** This path needs a registered console's client certificate. */
    CLIENT_CERTIFICATE_REQUIRED,
    /** The certificate is the backend CA's, but no console is registered with it. */
    UNKNOWN_CONSOLE,
    /** The console was revoked by an administrator. */
    CONSOLE_REVOKED,
    /**
     * The registration code is unknown, expired, used, burnt by wrong proofs, or the proof is wrong: one
     * answer for all, so that nobody learns which codes exist.
     */
    REGISTRATION_CODE_INVALID,
    /** The certificate request is not a well-signed P-256 request. */
    CSR_INVALID,
    /** Administration refused: not from loopback, or a wrong token. */
    ADMIN_FORBIDDEN,
    NOT_FOUND,
    /** An event id pushed before with other content: the id is an idempotency key, never reused. */
    EVENT_ID_REUSED,
    /**
     * The console's audit chain head is behind the one it anchored here before, or the same number with another
     * MAC: its store rolled back or rewrote its own history. Nothing of the batch is stored.
     */
    AUDIT_ROLLBACK,
    /** A simulator's event, and this backend does not take them (a production backend). */
    SIMULATED_NOT_ACCEPTED,
    /** The issuer knows no binding with this id (never prepared, or prepared for another band). */
    UNKNOWN_BINDING,
    /** Another binding of this band is live (ACTIVE, SUSPENDED, or being made by another console right now). */
    BAND_BOUND_ELSEWHERE,
    /** The band's last binding was deactivated as STOLEN or FRAUD and the band was not reset since: refused everywhere. */
    BAND_REPORTED_STOLEN,
    /** The binding was prepared by another console, which alone may finish it. */
    BINDING_OF_ANOTHER_CONSOLE,
    /** The policy allows no such authorisation for this binding's state, this action and this reason. */
    AUTHORISATION_REFUSED,
    /** The band's challenge was authorised before: an authorisation is issued once per challenge. */
    CHALLENGE_USED,
    /** This console asked for more authorisations than the issuer grants a console per minute. */
    RATE_LIMITED,
    /**
     * The band's binding was deactivated as STOLEN or FRAUD: a reset needs the owner re-verified (identity evidence
     * matching the issuer's record) or an administrator's approval.
     */
    OWNER_NOT_VERIFIED,
    /**
     * A state change that needs no band (suspend, resume, deactivate) without the console's signature, or signed by
     * another key than the certificate it was pushed with: see {@link EventSignature}.
     */
    SIGNATURE_INVALID,
    /** The backend failed; the request may be retried. */
    INTERNAL
}

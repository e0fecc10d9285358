package com.payband.sync.api;

/** The sync API's paths (src/docs/sync-api.yaml). */
public final class ApiPaths {

    /** A console registers with a one-time code: the only path that needs no client certificate. */
    public static final String REGISTER = "/v1/consoles/register";
    /** The calling console, as the backend knows it (mutual TLS). */
    public static final String ME = "/v1/consoles/me";
    /** A new certificate for a new key, before the current one expires (mutual TLS). */
    public static final String RENEW = "/v1/consoles/renew";
    /** The console's outbox, pushed in batches (mutual TLS). */
    public static final String EVENTS = "/v1/events";
    public static final int MAX_EVENTS_PER_BATCH = 500;
    /** The issuer's root public key, which bands pin at manufacture (mutual TLS). */
    public static final String ISSUER_ROOT = "/v1/issuer/root";
    /** Prepares a binding (POST) and, under {@code /{bindingId}}, tells where the issuer has it (GET). */
    public static final String ISSUER_BINDINGS = "/v1/issuer/bindings";
    /**
     * What the issuer knows of a band by its serial ({@code /{serial}}): {@link IssuerBand}; its owner's report of
     * its theft at any store ({@code /{serial}/reports}, POST): {@link BandReport}.
     */
    public static final String ISSUER_BANDS = "/v1/issuer/bands";
    /** One band authorisation: single use, bound to the band's challenge, rate-limited per console. */
    public static final String ISSUER_AUTHORISATIONS = "/v1/issuer/authorisations";
    /** Checks a payment code (authentic, fresh, not replayed, its binding ACTIVE). */
    public static final String ISSUER_PAYMENTS = "/v1/issuer/payments";
    /** The revocation list of stolen bands: {@code ?after=N} gives the entries after N and the signed head. */
    public static final String REVOCATIONS = "/v1/revocations";
    public static final int MAX_REVOCATIONS_PER_PAGE = 10000;
    /** Bands from an imported list of stolen bands, onto the revocation list: {@link ImportedRevocations}. */
    public static final String REVOCATIONS_IMPORTED = "/v1/revocations/imported";
    public static final int MAX_IMPORTED_PER_REQUEST = 2000;
    /** An administrator's approval of one reset of a band whose binding was deactivated as STOLEN or FRAUD. */
    public static final String ADMIN_RESET_APPROVALS = "/admin/reset-approvals";
    /** The backend's administration, on its loopback-only port, with the token from its data folder. */
    public static final String ADMIN_REGISTRATION_CODES = "/admin/registration-codes";
    public static final String ADMIN_CONSOLES = "/admin/consoles";
    /** Header that carries the administration token. */
    public static final String ADMIN_TOKEN_HEADER = "X-Payband-Admin-Token";
    /** The largest request body the backend reads (a full batch of events is about 150 KiB). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private ApiPaths() {
    }
}

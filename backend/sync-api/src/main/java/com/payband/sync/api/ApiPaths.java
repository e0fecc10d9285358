package com.payband.sync.api;

/** The sync API's paths (src/docs/sync-api.yaml). */
public final class ApiPaths {

    /** A console registers with a one-time code: the only path that needs no client certificate. */
    public static final String REGISTER = "/v1/consoles/register";
    /** The calling console, as the backend knows it (mutual TLS). */
    public static final String ME = "/v1/consoles/me";
    /** The console's outbox, pushed in batches (mutual TLS). */
    public static final String EVENTS = "/v1/events";
    public static final int MAX_EVENTS_PER_BATCH = 500;
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

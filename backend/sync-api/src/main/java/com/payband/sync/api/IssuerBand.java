package com.payband.sync.api;

import java.util.List;

/**
 * What the issuer knows of a band, for the support desk of any store ({@link ApiPaths#ISSUER_BANDS}): its bindings,
 * newest first (at most {@link #MAX_BINDINGS}), by state and the store that made each. Nothing of any customer.
 *
 * @param reportedStolen its newest binding was deactivated as STOLEN or FRAUD and the band was not reset since: no
 *                       store may bind it
 */
public record IssuerBand(String bandSerial, boolean reportedStolen, List<Binding> bindings) {

    public static final int MAX_BINDINGS = 10;

    /**
     * One binding of the band.
     *
     * @param store      the name of the store (console) that made it
     * @param preparedAt when it was prepared (ISO-8601)
     * @param updatedAt  when its state last changed (ISO-8601)
     * @param resetAt    when a reset of the band for it was authorised (ISO-8601), or null
     */
    public record Binding(String bindingId, String state, String reason, String store, String preparedAt,
            String updatedAt, String resetAt) {
    }
}

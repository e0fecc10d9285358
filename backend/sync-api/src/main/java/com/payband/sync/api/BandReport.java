package com.payband.sync.api;

/**
 * A band's theft reported by its owner at a store that did not enroll it, the owner's document read again there
 * ({@link ApiPaths#ISSUER_BANDS}{@code /{serial}/reports}): the issuer deactivates the band's binding in force,
 * whichever store made it, once the evidence matches the owner it recorded. Every store then refuses the band (the
 * revocation list; the enrolling store ends its binding too) and the issuer its payment codes. A lost band is
 * reported at the store that enrolled it, which alone can take it back into use.
 *
 * @param reportId      the idempotency key: the same report sent again changes nothing, and is answered alike
 * @param reason        {@code STOLEN}
 * @param ownerEvidence base64 of the owner's evidence derived from the document read at the desk
 * @param staff         the member of staff who took the report
 */
public record BandReport(String reportId, String reason, String ownerEvidence, String staff) {

    /**
     * What the issuer did: the binding it found in force, its state now (DEACTIVATED), and whether this request
     * changed it (false: the report was sent before).
     */
    public record Result(String bindingId, String state, boolean changed) {
    }
}

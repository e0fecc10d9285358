package com.payband.console.customer;

import java.time.Instant;
import java.util.UUID;

/**
 * Evidence that a customer was verified again with a document just read, required before a lost band
 * goes back into use. Only {@link CustomerService#verifyOwner} makes one, after comparing the document
 * with the customer's.
 */
public final class OwnerVerification {

    private final UUID customerId;
    private final UUID documentId;
    private final Instant at;

    OwnerVerification(UUID customerId, UUID documentId, Instant at) {
        this.customerId = customerId;
        this.documentId = documentId;
        this.at = at;
    }

    public UUID customerId() {
        return customerId;
    }

    /** The identity-document record of the new read. */
    public UUID documentId() {
        return documentId;
    }

    public Instant at() {
        return at;
    }
}

package com.payband.console.customer;

import java.util.UUID;

/** The document read does not belong to the customer who must be verified. Says nothing about whose it is. */
public final class OwnerMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public OwnerMismatchException(UUID customerId) {
        super("document does not belong to customer " + customerId);
    }
}

package com.payband.console.customer;

import java.time.Instant;
import java.util.UUID;

/** For domain tests only: an owner verification without a store (the service makes the real ones). */
public final class OwnerVerifications {

    private OwnerVerifications() {
    }

    public static OwnerVerification of(UUID customerId) {
        return new OwnerVerification(customerId, UUID.randomUUID(), Instant.parse("2026-11-25T10:00:00Z"));
    }
}

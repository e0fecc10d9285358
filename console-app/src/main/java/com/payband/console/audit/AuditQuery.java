package com.payband.console.audit;

import java.time.Instant;
import java.util.Optional;

/** A filter over the trail; empty fields match everything. */
public record AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> actorName,
        Optional<AuditAction> action, int limit) {

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
    }
}

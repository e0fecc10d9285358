package com.payband.console.audit;

import java.time.Instant;
import java.util.Optional;

/** A filter over the trail; empty fields match everything. */
public record AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> actorName,
        Optional<AuditAction> action, java.util.List<Target> targets, int limit) {

    public AuditQuery {
        targets = java.util.List.copyOf(targets);
    }

    public AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> actorName,
            Optional<AuditAction> action, int limit) {
        this(from, to, actorName, action, java.util.List.of(), limit);
    }

    /** The same filter, narrowed to events about any of these targets (a customer and their bindings). */
    public AuditQuery about(java.util.List<Target> about) {
        return new AuditQuery(from, to, actorName, action, about, limit);
    }

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
    }
}

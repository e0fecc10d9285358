package com.payband.backend.consoles;

import com.payband.sync.api.ConsoleIdentity;
import java.time.Instant;

/** A registered console, as the backend's database holds it. */
public record ConsoleRecord(String consoleId, String name, String certificateSerial, Instant notAfter,
        Instant registeredAt, Instant revokedAt, String revokedReason) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public ConsoleIdentity identity() {
        return new ConsoleIdentity(consoleId, name, registeredAt.toString(), notAfter.toString(),
                revokedAt == null ? null : revokedAt.toString());
    }
}

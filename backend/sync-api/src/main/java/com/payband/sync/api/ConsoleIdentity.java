package com.payband.sync.api;

/**
 * A registered console as the backend knows it.
 *
 * @param notAfter   when its client certificate expires (ISO-8601 instant)
 * @param revokedAt  when an administrator revoked it (ISO-8601), or null
 */
public record ConsoleIdentity(String consoleId, String name, String registeredAt, String notAfter,
        String revokedAt) {
}

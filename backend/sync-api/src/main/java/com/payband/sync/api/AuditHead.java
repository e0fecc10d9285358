package com.payband.sync.api;

/**
 * The head of a console's audit chain when it pushed (its last sequence number and that event's chain MAC, hex).
 * The backend keeps the latest per console: a later push whose head is behind it, or at the same number with
 * another MAC, comes from a store that rewrote or rolled back its own history.
 */
public record AuditHead(long seq, String mac) {
}

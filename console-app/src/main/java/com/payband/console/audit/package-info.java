/**
 * The audit trail: append-only, each event chained to the one before by an HMAC under a key that lives
 * outside the database, and the chain's head anchored in a file beside it, so that an edited, deleted
 * or truncated record is found by {@link com.payband.console.audit.AuditTrail#verify()}.
 * Events never carry personal data: targets are internal ids.
 */
package com.payband.console.audit;

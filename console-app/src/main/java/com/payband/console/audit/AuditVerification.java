package com.payband.console.audit;

import java.util.List;

/**
 * The result of checking the whole trail.
 *
 * @param eventsChecked how many events were read
 * @param problems      empty when the trail is intact
 */
public record AuditVerification(long eventsChecked, List<Problem> problems) {

    public enum Kind {
        /** An event's content no longer matches its MAC: it was edited. */
        ALTERED,
        /** A sequence number is missing: an event was deleted. */
        MISSING,
        /** An event does not chain to the one before (reordered, or inserted). */
        BROKEN_LINK,
        /** The newest events are gone: the trail ends before the anchored head. */
        TRUNCATED,
        /** The anchor file is missing or fails its own MAC. */
        ANCHOR_INVALID,
        /** The database's head row disagrees with the last event. */
        HEAD_MISMATCH
    }

    /** @param seq the event concerned, or the expected one; 0 where none applies */
    public record Problem(Kind kind, long seq) {
    }

    public AuditVerification {
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }
}

package com.payband.console.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids for the outbox's events: RFC 9562 version 7 UUIDs, the creation's millisecond first, then 74 random bits. Rows
 * keyed by them land at the end of their B-trees, here and at the backend, instead of all over them, so a commit
 * rewrites a few pages rather than one per row. An event id travels only between this console and its backend, with
 * the event's time beside it. Not for ids that others see: a binding's id is told by its band to any phone and carried
 * by every payment code, where a time in it would date the customer's enrollment.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The largest time its 48 bits hold (year 10889). */
    private static final long MAX_MILLIS = 0xFFFF_FFFF_FFFFL;

    private TimeOrderedIds() {
    }

    /** A new id for a record made at {@code at} (its time to the millisecond, then random bits). */
    public static UUID next(Instant at) {
        long millis = at.toEpochMilli();
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("a time-ordered id holds times from 1970 to 10889, not " + at);
        }
        long high = millis << 16 | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | Long.MIN_VALUE;
        return new UUID(high, low);
    }
}

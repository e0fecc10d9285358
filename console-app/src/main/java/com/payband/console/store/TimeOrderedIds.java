package com.payband.console.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids for the records that pile up (outbox events, bindings): RFC 9562 version 7 UUIDs, the creation's millisecond
 * first, then 74 random bits. Rows keyed by them land at the end of their B-trees here and at the backend instead of
 * all over them, so a commit rewrites a few pages rather than one per row. The 74 random bits keep them
 * unguessable; the time they carry is the record's creation time, which is stored beside it anyway.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    /** A new id for a record made at {@code at} (its time to the millisecond, then random bits). */
    public static UUID next(Instant at) {
        long millis = at.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = millis << 16 | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | Long.MIN_VALUE;
        return new UUID(high, low);
    }
}

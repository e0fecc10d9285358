package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void anIdMadeLaterSortsAfterInTheFormsTheStoresKeepItIn() {
        Instant at = Instant.parse("2026-12-07T03:14:15.926Z");
        UUID earlier = TimeOrderedIds.next(at);
        UUID later = TimeOrderedIds.next(at.plusMillis(1));

        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        // the backend keeps event and binding ids as text, this store as H2's UUID (unsigned, high bits first)
        assertThat(later.toString()).isGreaterThan(earlier.toString());
        assertThat(Long.compareUnsigned(later.getMostSignificantBits(), earlier.getMostSignificantBits()))
                .isPositive();
        assertThat(UUID.fromString(later.toString())).isEqualTo(later);
    }

    @Test
    void idsOfTheSameMillisecondNeverRepeatAndCannotBeGuessedFromOneAnother() {
        Instant at = Instant.parse("2026-12-07T03:14:15.926Z");
        Set<UUID> ids = new HashSet<>();
        Set<Long> lowHalves = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = TimeOrderedIds.next(at);
            ids.add(id);
            lowHalves.add(id.getLeastSignificantBits());
        }
        assertThat(ids).hasSize(100_000);
        // the random bits are not a counter: the low halves do not follow one another
        assertThat(lowHalves).hasSize(100_000);
        long consecutive = ids.stream().filter(id -> ids.contains(new UUID(id.getMostSignificantBits(),
                id.getLeastSignificantBits() + 1))).count();
        assertThat(consecutive).isZero();
    }
}

package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    private static final Instant AT = Instant.parse("2026-12-07T03:14:15.926Z");

    @Test
    void anIdMadeLaterSortsAfterInTheFormsTheStoresKeepItIn() {
        UUID earlier = TimeOrderedIds.next(AT);
        UUID later = TimeOrderedIds.next(AT.plusMillis(1));

        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(AT.toEpochMilli());
        // the backend keeps event ids as text, this store as H2's UUID (unsigned, high bits first)
        assertThat(later.toString()).isGreaterThan(earlier.toString());
        assertThat(Long.compareUnsigned(later.getMostSignificantBits(), earlier.getMostSignificantBits()))
                .isPositive();
        assertThat(UUID.fromString(later.toString())).isEqualTo(later);
    }

    @Test
    void everyIdIsAVersion7UuidWhoseRandomBitsNeitherRepeatNorCount() {
        Set<UUID> ids = new HashSet<>();
        Set<Long> randA = new HashSet<>();
        long lowSeenSet = 0;
        long lowSeenClear = 0;
        for (int i = 0; i < 100_000; i++) {
            UUID id = TimeOrderedIds.next(AT);
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            ids.add(id);
            randA.add(id.getMostSignificantBits() & 0x0FFF);
            lowSeenSet |= id.getLeastSignificantBits();
            lowSeenClear |= ~id.getLeastSignificantBits();
        }
        assertThat(ids).hasSize(100_000);
        // the 12 bits after the version take (nearly) all their 4,096 values: random, not a counter or a constant
        assertThat(randA).hasSizeGreaterThan(4_000);
        // each of the 62 bits after the variant is seen both set and clear
        long randB = 0x3FFF_FFFF_FFFF_FFFFL;
        assertThat(lowSeenSet & randB).isEqualTo(randB);
        assertThat(lowSeenClear & randB).isEqualTo(randB);
        // and no id is its neighbour's plus one
        long consecutive = ids.stream().filter(id -> ids.contains(new UUID(id.getMostSignificantBits(),
                id.getLeastSignificantBits() + 1))).count();
        assertThat(consecutive).isZero();
    }

    @Test
    void aTimeItsFortyEightBitsCannotHoldIsRefusedRatherThanWrapped() {
        assertThatThrownBy(() -> TimeOrderedIds.next(Instant.parse("1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeOrderedIds.next(Instant.ofEpochMilli(0x1_0000_0000_0000L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TimeOrderedIds.next(Instant.EPOCH).getMostSignificantBits() >>> 16).isZero();
    }
}

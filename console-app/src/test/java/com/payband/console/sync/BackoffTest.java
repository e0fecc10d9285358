package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleWithJitterUpToTheCeilingAndReturnToTheIntervalAfterASuccess() {
        Backoff b = Backoff.defaults();
        Random random = new Random(42);
        assertThat(b.next(0, random)).isEqualTo(Duration.ofSeconds(30));
        long[] fullWaits = {5, 10, 20, 40, 80, 160, 320, 600, 600, 600};
        for (int failures = 1; failures <= fullWaits.length; failures++) {
            Duration full = Duration.ofSeconds(fullWaits[failures - 1]);
            long lo = Long.MAX_VALUE;
            long hi = 0;
            for (int i = 0; i < 2000; i++) {
                long w = b.next(failures, random).toMillis();
                lo = Math.min(lo, w);
                hi = Math.max(hi, w);
            }
            // between half and all of the full wait, and really spread (consoles do not call in together)
            assertThat(lo).as("failures " + failures).isGreaterThanOrEqualTo(full.toMillis() / 2);
            assertThat(hi).as("failures " + failures).isLessThanOrEqualTo(full.toMillis());
            assertThat(hi - lo).as("failures " + failures).isGreaterThan(full.toMillis() / 3);
        }
        assertThat(b.next(1000, random)).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }
}

package com.payband.console.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to try again after failed pushes: the interval after a success, then doubling per failure up to a ceiling,
 * each wait drawn between half and all of that ("equal jitter"), so that the consoles of a chain whose backend
 * comes back do not all call in the same second.
 */
public final class Backoff {

    private final Duration interval;
    private final Duration first;
    private final Duration ceiling;

    /**
     * @param interval between pushes while all is well
     * @param first    the wait after the first failure
     * @param ceiling  the longest wait
     */
    public Backoff(Duration interval, Duration first, Duration ceiling) {
        this.interval = Objects.requireNonNull(interval);
        this.first = Objects.requireNonNull(first);
        this.ceiling = Objects.requireNonNull(ceiling);
        if (first.isNegative() || first.isZero() || ceiling.compareTo(first) < 0 || interval.isNegative()
                || interval.isZero()) {
            throw new IllegalArgumentException("0 < first <= ceiling, 0 < interval");
        }
    }

    /** The console's defaults: every 30 s; after failures 5 s, 10 s, 20 s ... up to 10 min. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(10));
    }

    public Duration interval() {
        return interval;
    }

    /** The wait after {@code failures} failed pushes in a row (0: none, the regular interval). */
    public Duration next(int failures, RandomGenerator random) {
        if (failures <= 0) {
            return interval;
        }
        long cap = ceiling.toMillis();
        long full = first.toMillis();
        for (int i = 1; i < failures && full < cap; i++) {
            full *= 2;
        }
        full = Math.min(full, cap);
        return Duration.ofMillis(full / 2 + random.nextLong(full / 2 + 1));
    }
}

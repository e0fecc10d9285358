package com.payband.drivers.idcard.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated reader behaves.
 *
 * @param latencyScale 1.0 takes as long as a real reader (a GA/T 467 reader at 115200 baud for
 *     resident cards, a PC/SC reader for passports); 0.0 answers at once, for tests
 * @param timeout      how long the host waits for a silent reader; not scaled
 * @param clock        today's date for the sample documents
 */
public record SimulatorSettings(double latencyScale, Duration timeout, Clock clock) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    public SimulatorSettings {
        if (!Double.isFinite(latencyScale) || latencyScale < 0.0) {
            throw new IllegalArgumentException("latency scale must be finite and not negative: " + latencyScale);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** Real-reader timings, for demos and training. */
    public static SimulatorSettings realistic(Clock clock) {
        return new SimulatorSettings(1.0, DEFAULT_TIMEOUT, clock);
    }

    /** No latency, for tests. */
    public static SimulatorSettings instant(Clock clock) {
        return new SimulatorSettings(0.0, DEFAULT_TIMEOUT, clock);
    }

    public SimulatorSettings withLatencyScale(double scale) {
        return new SimulatorSettings(scale, timeout, clock);
    }

    public SimulatorSettings withTimeout(Duration newTimeout) {
        return new SimulatorSettings(latencyScale, newTimeout, clock);
    }

    public SimulatorSettings withClock(Clock newClock) {
        return new SimulatorSettings(latencyScale, timeout, newClock);
    }
}

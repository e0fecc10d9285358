package com.payband.drivers.band.sim;

import java.time.Duration;

/**
 * How the simulated radio link behaves: each write with response and each indication takes one
 * connection interval, as on a real BLE link; the MTU tops out where the band's stack does.
 *
 * @param latencyScale 1 for real timing, 0 for tests and benchmarks (no waiting at all)
 */
public record LinkModel(Duration connectionInterval, int maxMtu, double latencyScale, Duration advertisingInterval) {

    public LinkModel {
        if (latencyScale < 0 || maxMtu < 23) {
            throw new IllegalArgumentException("invalid link model");
        }
    }

    /** A dongle talking to a band: 30 ms connection interval, MTU up to 247, advertising every 100 ms. */
    public static LinkModel realistic() {
        return new LinkModel(Duration.ofMillis(30), 247, 1.0, Duration.ofMillis(100));
    }

    public static LinkModel instant() {
        return new LinkModel(Duration.ofMillis(30), 247, 0.0, Duration.ofMillis(100));
    }

    long intervalNanos() {
        return (long) (connectionInterval.toNanos() * latencyScale);
    }

    long advertisingNanos() {
        return Math.max(Duration.ofMillis(5).toNanos(), (long) (advertisingInterval.toNanos() * latencyScale));
    }
}

package com.payband.console.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When a signed-in console locks itself: after a configurable time without a key or the mouse. */
public final class IdleLock {

    private final Clock clock;
    private volatile Duration limit;
    private volatile Instant lastActivity;

    public IdleLock(Clock clock, Duration limit) {
        this.clock = clock;
        this.limit = limit;
        this.lastActivity = clock.instant();
    }

    public void activity() {
        lastActivity = clock.instant();
    }

    public void setLimit(Duration limit) {
        this.limit = limit;
    }

    public Duration limit() {
        return limit;
    }

    public boolean due() {
        return Duration.between(lastActivity, clock.instant()).compareTo(limit) >= 0;
    }
}

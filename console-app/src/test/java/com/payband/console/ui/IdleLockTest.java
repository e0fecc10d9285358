package com.payband.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdleLockTest {

    private Instant now = Instant.parse("2026-11-25T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void locksOnlyAfterTheWholeIdleTimeWithoutInput() {
        IdleLock lock = new IdleLock(clock, Duration.ofMinutes(5));
        now = now.plus(Duration.ofMinutes(4));
        assertThat(lock.due()).isFalse();
        lock.activity();
        now = now.plus(Duration.ofMinutes(4));
        assertThat(lock.due()).as("input restarted the wait").isFalse();
        now = now.plus(Duration.ofMinutes(1));
        assertThat(lock.due()).isTrue();
        lock.setLimit(Duration.ofMinutes(10));
        assertThat(lock.due()).isFalse();
    }
}

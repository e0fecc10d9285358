package com.payband.drivers.idcard.serial.sim;

/**
 * How long bytes take on a serial line: 10 bits per byte (start, 8 data, stop) at {@code baud}, times
 * {@code scale}. A pty passes bytes at once whatever the baud; the simulator waits this long itself,
 * so that the host sees a real reader's timing (1295 bytes: ~112 ms at 115200, ~1.35 s at 9600).
 *
 * @param scale 1.0 for real line time; 0.0 for none (tests where timing is not the point)
 */
public record LineTiming(int baud, double scale) {

    public LineTiming {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive: " + baud);
        }
        if (!Double.isFinite(scale) || scale < 0) {
            throw new IllegalArgumentException("scale must be finite and not negative: " + scale);
        }
    }

    public static LineTiming real(int baud) {
        return new LineTiming(baud, 1.0);
    }

    public static LineTiming instant(int baud) {
        return new LineTiming(baud, 0.0);
    }

    /** Modelled time of {@code bytes} on the line, in nanoseconds. */
    public long nanos(long bytes) {
        return (long) (bytes * 10.0 * 1e9 / baud * scale);
    }

    /** Unscaled wire time of {@code bytes} at {@code baud}, in nanoseconds. */
    public static long wireNanos(long bytes, int baud) {
        return bytes * 10L * 1_000_000_000L / baud;
    }
}

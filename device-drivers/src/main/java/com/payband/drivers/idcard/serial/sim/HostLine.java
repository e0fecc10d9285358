package com.payband.drivers.idcard.serial.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The line speed the host has set on its end of the cable. On a real cable a speed mismatch garbles
 * every byte; a pty carries no speed at all, so the simulator must be told the host's, and plays the
 * mismatch itself: it answers noise whenever the host's speed differs from its own.
 *
 * <p>{@link #terminal(Path)} reads it honestly from the host's end of a pty pair: the kernel keeps the
 * termios settings the host made on its pty (jSerialComm sets the speed there) even though the pty
 * ignores them, and {@code stty -F} reads them back. That needs permission to open the host's pty,
 * which the same user (or root) has.
 */
@FunctionalInterface
public interface HostLine {

    /** The host's speed; empty when unknown, in which case the simulator assumes it matches. */
    OptionalInt baud();

    /** The host always matches (the simulator's default). */
    static HostLine matching() {
        return OptionalInt::empty;
    }

    static HostLine fixed(int baud) {
        OptionalInt b = OptionalInt.of(baud);
        return () -> b;
    }

    /** A speed a test or the simulator's control input sets. */
    static Settable settable(int initial) {
        return new Settable(initial);
    }

    /** The speed the host configured on its end of a pty pair, read with {@code stty -F path speed}. */
    static HostLine terminal(Path hostEnd) {
        Objects.requireNonNull(hostEnd, "hostEnd");
        return () -> {
            try {
                Process stty = new ProcessBuilder("stty", "-F", hostEnd.toString(), "speed")
                        .redirectErrorStream(true).start();
                String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                    stty.destroyForcibly();
                    return OptionalInt.empty();
                }
                return OptionalInt.of(Integer.parseInt(out));
            } catch (IOException | NumberFormatException e) {
                return OptionalInt.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalInt.empty();
            }
        };
    }

    /** A host speed that can be changed while the simulator runs. */
    final class Settable implements HostLine {
        private final AtomicInteger baud;

        private Settable(int initial) {
            this.baud = new AtomicInteger(initial);
        }

        public void set(int newBaud) {
            baud.set(newBaud);
        }

        @Override
        public OptionalInt baud() {
            return OptionalInt.of(baud.get());
        }
    }
}

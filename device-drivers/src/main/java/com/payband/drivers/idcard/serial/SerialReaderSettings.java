package com.payband.drivers.idcard.serial;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the GA/T 467 driver talks to a reader.
 *
 * @param bauds         line speeds to try, in order, when a reader's speed is not given: 115200, then 9600
 * @param probeTimeout  how long to wait for the SAM's status answer at each speed when connecting
 * @param answerTimeout how long the SAM may think before the first byte of an answer (finding,
 *                      authenticating and reading a card take a real SAM up to about a second)
 * @param gapTimeout    longest silence inside a frame; a frame that stops for longer is truncated
 * @param resends       how often a command is sent again after a damaged answer or a damaged-command
 *                      status (0x10, 0x11); all commands the driver sends only read, so resending is safe
 * @param readDeadline  bound on a whole read, retries included: no read ever takes longer
 * @param opener        opens the port (jSerialComm; tests may substitute)
 */
public record SerialReaderSettings(
        List<Integer> bauds,
        Duration probeTimeout,
        Duration answerTimeout,
        Duration gapTimeout,
        int resends,
        Duration readDeadline,
        SerialLinkOpener opener) {

    public static final int DEFAULT_BAUD = 115200;
    public static final int FALLBACK_BAUD = 9600;

    public SerialReaderSettings {
        bauds = List.copyOf(bauds);
        if (bauds.isEmpty() || bauds.stream().anyMatch(b -> b <= 0)) {
            throw new IllegalArgumentException("bauds must be positive and at least one: " + bauds);
        }
        positive(probeTimeout, "probeTimeout");
        positive(answerTimeout, "answerTimeout");
        positive(gapTimeout, "gapTimeout");
        positive(readDeadline, "readDeadline");
        if (resends < 0 || resends > 5) {
            throw new IllegalArgumentException("resends must be within 0..5: " + resends);
        }
        Objects.requireNonNull(opener, "opener");
    }

    /** The defaults for real readers on real ports. */
    public static SerialReaderSettings defaults() {
        return new SerialReaderSettings(List.of(DEFAULT_BAUD, FALLBACK_BAUD), Duration.ofMillis(300),
                Duration.ofMillis(1500), Duration.ofMillis(100), 2, Duration.ofSeconds(10), SerialLinkOpener.jSerialComm());
    }

    public SerialReaderSettings withBauds(List<Integer> newBauds) {
        return new SerialReaderSettings(newBauds, probeTimeout, answerTimeout, gapTimeout, resends, readDeadline, opener);
    }

    public SerialReaderSettings withProbeTimeout(Duration d) {
        return new SerialReaderSettings(bauds, d, answerTimeout, gapTimeout, resends, readDeadline, opener);
    }

    public SerialReaderSettings withAnswerTimeout(Duration d) {
        return new SerialReaderSettings(bauds, probeTimeout, d, gapTimeout, resends, readDeadline, opener);
    }

    public SerialReaderSettings withGapTimeout(Duration d) {
        return new SerialReaderSettings(bauds, probeTimeout, answerTimeout, d, resends, readDeadline, opener);
    }

    public SerialReaderSettings withResends(int n) {
        return new SerialReaderSettings(bauds, probeTimeout, answerTimeout, gapTimeout, n, readDeadline, opener);
    }

    public SerialReaderSettings withReadDeadline(Duration d) {
        return new SerialReaderSettings(bauds, probeTimeout, answerTimeout, gapTimeout, resends, d, opener);
    }

    public SerialReaderSettings withOpener(SerialLinkOpener o) {
        return new SerialReaderSettings(bauds, probeTimeout, answerTimeout, gapTimeout, resends, readDeadline, o);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}

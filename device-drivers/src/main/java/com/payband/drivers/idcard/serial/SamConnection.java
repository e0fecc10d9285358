package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command and answer over one open {@link SerialLink}: frames out, frames in, with the framing rules
 * (resynchronise after garbage, refuse bad lengths and checksums, silence bounds) and the resend rule.
 * Used by one thread at a time.
 *
 * <p>Nothing waits longer than it must: an answer is returned the moment its last byte is in, and the
 * only waits are for bytes (the link's read returns as soon as one is there).
 */
final class SamConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SamConnection.class);

    /** Longest single wait on the link, so that cancellation and unplugging are seen within it. */
    private static final int SLICE_MILLIS = 50;

    private final SerialLink link;
    private final SerialReaderSettings settings;
    private final FrameDecoder decoder = new FrameDecoder();
    private final byte[] buffer = new byte[4096];
    /** An earlier exchange was abandoned: its answer may still be on the way. */
    private boolean dirty;

    SamConnection(SerialLink link, SerialReaderSettings settings) {
        this.link = Objects.requireNonNull(link, "link");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    SerialLink link() {
        return link;
    }

    /** What one command/answer round ended with. */
    sealed interface Outcome {
        record Answer(SamResponse response) implements Outcome { }

        /** Nothing came back. */
        record Silence() implements Outcome { }

        /** Bytes came back, but no preamble among them: wrong line speed, or not a GA/T 467 device. */
        record Noise(long bytes) implements Outcome { }

        /** A frame started but was truncated, or was refused (length, checksum). */
        record Damaged(String why) implements Outcome { }
    }

    /** A connected reader: the speed it answered at and its SAM's id. */
    record Handshake(int baud, SamId samId) { }

    /**
     * Finds the speed the reader talks at, asking the SAM for its status at each of {@code bauds} in
     * turn, then asks its id.
     *
     * @throws IdCardReadException TIMEOUT when nothing answers at any speed, COMMUNICATION_ERROR when
     *     only noise answers, READER_UNAVAILABLE when the SAM reports a fault (cause: {@link SamStatusException})
     *     or the device is gone
     */
    Handshake handshake(List<Integer> bauds, Deadline deadline, BooleanSupplier cancelled) throws IdCardReadException {
        StringBuilder tried = new StringBuilder();
        boolean noise = false;
        for (int baud : bauds) {
            try {
                if (link.baud() != baud) {
                    link.baud(baud);
                    dirty = true; // whatever arrived at the old speed is garbage now
                }
            } catch (IOException e) {
                throw new IdCardReadException(Failure.READER_UNAVAILABLE, "cannot set " + baud + " baud", e);
            }
            Outcome outcome = exchangeWithResends(SamRequest.of(SamCommand.SAM_STATUS), settings.probeTimeout(),
                    deadline, cancelled, null, true);
            tried.append(tried.isEmpty() ? "" : ", ").append(baud).append(" baud: ").append(describe(outcome));
            if (outcome instanceof Outcome.Answer a) {
                SamResponse status = a.response();
                if (status.status() != SamStatus.OK) {
                    throw failureFor(SamCommand.SAM_STATUS, status);
                }
                SamResponse id = require(SamCommand.SAM_ID, settings.probeTimeout(), deadline, cancelled, null);
                if (id.status() != SamStatus.OK) {
                    throw failureFor(SamCommand.SAM_ID, id);
                }
                return new Handshake(baud, SamId.decode(id.data()));
            }
            noise |= outcome instanceof Outcome.Noise || outcome instanceof Outcome.Damaged;
        }
        if (noise) {
            String detail = "the device answers, but not in GA/T 467 frames (" + tried
                    + "): its line speed is none of these, or it is not an ID card reader";
            throw new IdCardReadException(Failure.COMMUNICATION_ERROR, detail,
                    new SerialLineException(SerialLineException.Kind.NOISE, bauds, detail));
        }
        String detail = "no answer from the SAM (" + tried + ")";
        throw new IdCardReadException(Failure.TIMEOUT, detail,
                new SerialLineException(SerialLineException.Kind.NO_ANSWER, bauds, detail));
    }

    /**
     * Sends a command and returns its answer, resending after damage.
     *
     * @throws IdCardReadException TIMEOUT on silence, COMMUNICATION_ERROR when every try was damaged,
     *     READER_UNAVAILABLE when the device is gone
     */
    SamResponse require(SamCommand command, Duration answerTimeout, Deadline deadline, BooleanSupplier cancelled,
            IntConsumer bytesReceived) throws IdCardReadException {
        Outcome outcome = exchangeWithResends(SamRequest.of(command), answerTimeout, deadline, cancelled, bytesReceived, false);
        if (outcome instanceof Outcome.Answer a) {
            return a.response();
        }
        if (outcome instanceof Outcome.Silence) {
            throw new IdCardReadException(Failure.TIMEOUT, command + ": no answer within "
                    + (deadline.passed() ? "the read's time limit" : answerTimeout.toMillis() + " ms"));
        }
        throw new IdCardReadException(Failure.COMMUNICATION_ERROR, command + ": " + describe(outcome)
                + " after " + (settings.resends() + 1) + " tries");
    }

    /** The failure a final status means, with the status as the cause. */
    static IdCardReadException failureFor(SamCommand command, SamResponse response) {
        SamStatusException cause = new SamStatusException(command, response.sw3());
        Failure failure = response.status().failure().orElse(Failure.COMMUNICATION_ERROR);
        return new IdCardReadException(failure, cause.getMessage(), cause);
    }

    private Outcome exchangeWithResends(SamRequest request, Duration answerTimeout, Deadline deadline,
            BooleanSupplier cancelled, IntConsumer bytesReceived, boolean probing) throws IdCardReadException {
        SamCommand command = SamCommand.of(request.code(), request.parameter()).orElseThrow();
        byte[] frame = request.toFrame();
        Outcome last = new Outcome.Silence();
        for (int attempt = 0; attempt <= settings.resends(); attempt++) {
            if (dirty) {
                // an answer may be arriving late: it is taken, not thrown away with what went before
                Optional<SamResponse> late = drain(command, deadline, cancelled);
                if (late.isPresent()) {
                    return new Outcome.Answer(late.get());
                }
            }
            try {
                link.write(frame);
            } catch (IOException e) {
                throw gone(e);
            }
            last = receive(command, answerTimeout, deadline, cancelled, bytesReceived);
            if (last instanceof Outcome.Answer a) {
                if (a.response().status().handling() == SamStatus.Handling.RESEND) {
                    LOG.debug("{}: the reader got our frame damaged ({}); sending it again", command,
                            SamStatus.describe(a.response().sw3()));
                    continue;
                }
                return last;
            }
            dirty = true;
            if (last instanceof Outcome.Silence || (probing && last instanceof Outcome.Noise) || deadline.passed()) {
                return last;
            }
            LOG.debug("{}: {}; sending it again", command, describe(last));
        }
        if (last instanceof Outcome.Answer a) {
            // Every try was answered "your frame was damaged": the line corrupts what we send.
            return new Outcome.Damaged("the reader kept receiving damaged commands ("
                    + SamStatus.describe(a.response().sw3()) + ")");
        }
        return last;
    }

    /**
     * Waits for one answer to {@code command}; stale answers of another shape are skipped. Only the answer
     * timeout ends the wait: bytes that are not a frame (noise, a leftover half frame, a damaged frame) do
     * not, since the real answer may follow them. A frame under way when the answer timeout passes is
     * received to its end (inter-byte gap permitting).
     */
    private Outcome receive(SamCommand command, Duration answerTimeout, Deadline deadline, BooleanSupplier cancelled,
            IntConsumer bytesReceived) throws IdCardReadException {
        decoder.reset();
        long start = System.nanoTime();
        long firstByteLimit = Math.min(start + answerTimeout.toNanos(), deadline.nanos());
        long gap = settings.gapTimeout().toNanos();
        long hardLimit = Math.min(deadline.nanos(), start + answerTimeout.toNanos()
                + 2 * wireNanos(Frames.HEADER_LENGTH + Frames.MAX_LENGTH, link.baud()) + gap);
        long lastByte = -1;
        String damage = null;
        while (true) {
            if (cancelled.getAsBoolean()) {
                dirty = true;
                throw new CancellationException("read cancelled");
            }
            long now = System.nanoTime();
            boolean inFrame = decoder.inFrame();
            long limit = inFrame ? Math.max(firstByteLimit, Math.min(lastByte + gap, hardLimit)) : firstByteLimit;
            if (inFrame && now >= lastByte + gap && now < firstByteLimit) {
                // a frame that stopped half way is no answer: given up (a real one may start among its bytes)
                damage = truncated();
                decoder.abandonFrame();
                Optional<SamResponse> found = decodeHeld(command);
                if (found.isPresent()) {
                    return new Outcome.Answer(found.get());
                }
                continue;
            }
            long remaining = limit - now;
            if (remaining <= 0) {
                if (inFrame) {
                    damage = truncated();
                }
                if (damage != null) {
                    return new Outcome.Damaged(damage);
                }
                if (decoder.discardedBytes() + decoder.buffered() > 0) {
                    return new Outcome.Noise(decoder.discardedBytes() + decoder.buffered());
                }
                return new Outcome.Silence();
            }
            int wait = (int) Math.min(SLICE_MILLIS, Math.max(1, (remaining + 999_999) / 1_000_000));
            int n;
            try {
                n = link.read(buffer, 0, buffer.length, wait);
            } catch (IOException e) {
                throw gone(e);
            }
            if (n <= 0) {
                continue;
            }
            lastByte = System.nanoTime();
            decoder.feed(buffer, 0, n);
            Optional<SamResponse> found = decodeHeld(command);
            if (found.isPresent()) {
                return new Outcome.Answer(found.get());
            }
            if (decoderRejected != null) {
                damage = decoderRejected;
            }
            if (bytesReceived != null && decoder.inFrame()) {
                bytesReceived.accept(decoder.pendingBytes());
            }
        }
    }

    /** Whether an answer has the shape the command's answers have (a stale answer to another command has not). */
    private static boolean fits(SamCommand command, SamResponse response) {
        SamStatus status = response.status();
        if (status == SamStatus.OK || status == SamStatus.CARD_FOUND) {
            if (command == SamCommand.READ_TEXT_AND_PHOTO) {
                return response.dataLength() >= 4 + CardData.TEXT_LENGTH;
            }
            return response.dataLength() == command.answerDataLength()
                    || command == SamCommand.READ_NEW_ADDRESS || command == SamCommand.READ_TEXT_PHOTO_AND_FINGERPRINT;
        }
        return true;
    }

    /** Why the decoder last refused a frame-looking run of bytes, for {@link #receive}'s verdict; null if none. */
    private String decoderRejected;

    /** The answer to {@code command} among the bytes held, if any; stale answers and refusals are passed over. */
    private Optional<SamResponse> decodeHeld(SamCommand command) {
        decoderRejected = null;
        while (true) {
            FrameDecoder.Result result = decoder.next();
            if (result instanceof FrameDecoder.Result.Complete c) {
                SamResponse response = SamResponse.fromPayload(c.payload());
                if (response != null && fits(command, response)) {
                    return Optional.of(response);
                }
                LOG.debug("{}: skipped a stale or malformed answer ({} payload bytes)", command, c.payload().length);
            } else if (result instanceof FrameDecoder.Result.Rejected r) {
                decoderRejected = r.reason() == FrameDecoder.Rejection.BAD_CHECKSUM ? "bad checksum" : "bad frame length";
            } else {
                return Optional.empty();
            }
        }
    }

    private String truncated() {
        return "truncated frame (" + decoder.pendingBytes() + " of " + decoder.expectedFrameBytes() + " bytes)";
    }

    /**
     * Reads what is still coming (the rest of an abandoned answer, garbage at an old speed) until the line
     * is quiet, and looks at it: an answer to {@code command} that arrives meanwhile is returned, not dropped.
     */
    private Optional<SamResponse> drain(SamCommand command, Deadline deadline, BooleanSupplier cancelled)
            throws IdCardReadException {
        decoder.reset();
        long gap = settings.gapTimeout().toNanos();
        long limit = Math.min(deadline.nanos(),
                System.nanoTime() + wireNanos(Frames.HEADER_LENGTH + Frames.MAX_LENGTH, link.baud()) + gap);
        long quietSince = System.nanoTime();
        long dropped = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                if (now - quietSince >= gap || now >= limit) {
                    break;
                }
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("read cancelled");
                }
                int wait = (int) Math.max(1, Math.min(SLICE_MILLIS, (quietSince + gap - now) / 1_000_000));
                int n;
                try {
                    n = link.read(buffer, 0, buffer.length, wait);
                } catch (IOException e) {
                    throw gone(e);
                }
                if (n > 0) {
                    dropped += n;
                    quietSince = System.nanoTime();
                    decoder.feed(buffer, 0, n);
                    Optional<SamResponse> late = decodeHeld(command);
                    if (late.isPresent()) {
                        LOG.debug("{}: its answer arrived late; taken instead of sending the command again", command);
                        return late;
                    }
                }
            }
        } finally {
            dirty = false;
        }
        if (dropped > 0) {
            LOG.debug("Dropped {} bytes left over from an abandoned answer", dropped);
        }
        return Optional.empty();
    }

    private IdCardReadException gone(IOException e) {
        return new IdCardReadException(Failure.READER_UNAVAILABLE, "the reader is gone (" + link.path() + ")", e);
    }

    static long wireNanos(int bytes, int baud) {
        return bytes * 10L * 1_000_000_000L / Math.max(1, baud);
    }

    private static String describe(Outcome outcome) {
        if (outcome instanceof Outcome.Answer a) {
            return "answered " + SamStatus.describe(a.response().sw3());
        }
        if (outcome instanceof Outcome.Noise n) {
            return "noise (" + n.bytes() + " bytes, no frame)";
        }
        if (outcome instanceof Outcome.Damaged d) {
            return "damaged answer: " + d.why();
        }
        return "no answer";
    }

    @Override
    public void close() {
        link.close();
    }

    /** A point in {@link System#nanoTime()} time after which nothing more is attempted. */
    record Deadline(long nanos) {
        static Deadline in(Duration d) {
            return new Deadline(System.nanoTime() + d.toNanos());
        }

        boolean passed() {
            return System.nanoTime() - nanos >= 0;
        }
    }
}

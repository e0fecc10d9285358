package com.payband.drivers.idcard.serial.sim;

import com.payband.drivers.idcard.IdCardReader.Subscription;
import com.payband.drivers.idcard.serial.FrameDecoder;
import com.payband.drivers.idcard.serial.JSerialCommLink;
import com.payband.drivers.idcard.serial.SamCommand;
import com.payband.drivers.idcard.serial.SamRequest;
import com.payband.drivers.idcard.serial.SerialLink;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GA/T 467 reader on the far end of a serial line: it reads the host's frames byte for byte from a
 * {@link SerialLink} (a real serial port, or the simulator's end of a socat pty pair), lets the
 * {@link SimulatedSam} answer, and sends the answer back as a reader would:
 *
 * <ul>
 *   <li>at the line's pace ({@link LineTiming}): a command is only complete once its last byte would
 *       have arrived, and an answer's bytes leave no faster than the line carries them;</li>
 *   <li>with the injected faults played on the bytes (bad checksum, truncation, noise, bogus frames);</li>
 *   <li>as noise when the host's line speed ({@link HostLine}) is not its own, as a real UART at the
 *       wrong speed would garble everything;</li>
 *   <li>answering 0x10 / 0x11 to a frame that reached it with a bad checksum or length.</li>
 * </ul>
 *
 * <p>It runs on its own daemon thread until {@link #close()} or until its line fails (the cable pulled:
 * socat killed), after which {@link #running()} is false.
 */
public final class SerialReaderSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialReaderSimulator.class);

    /** Bytes written per paced chunk: 2.8 ms of line at 115200. */
    private static final int CHUNK = 32;
    /**
     * How long after stray bytes the late answer of a noisy-line fault comes: longer than any inter-byte gap
     * a driver may use to call a frame truncated, as on real readers (hundreds of milliseconds per read).
     */
    public static final Duration LATE = Duration.ofMillis(150);
    /** Silence after which the host's line speed is looked at again (the host may have changed it). */
    private static final long BURST_GAP_NANOS = 1_000_000;

    private final SimulatedSam sam;
    private final SerialLink link;
    private final LineTiming timing;
    private final HostLine host;
    private final Thread thread;
    private final List<Consumer<SamCommand>> commandListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Random noise = new Random(467);
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean lineFailed;

    public SerialReaderSimulator(SimulatedSam sam, SerialLink link, LineTiming timing, HostLine host) {
        this.sam = Objects.requireNonNull(sam, "sam");
        this.link = Objects.requireNonNull(link, "link");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.host = Objects.requireNonNull(host, "host");
        this.thread = new Thread(this::pump, "idcard-serial-simulator");
        this.thread.setDaemon(true);
    }

    /** Opens {@code path} (its end of the cable) at the timing's speed and starts answering. */
    public static SerialReaderSimulator attach(SimulatedSam sam, String path, LineTiming timing, HostLine host)
            throws IOException {
        return new SerialReaderSimulator(sam, JSerialCommLink.open(path, timing.baud()), timing, host).start();
    }

    public SerialReaderSimulator start() {
        thread.start();
        return this;
    }

    public SimulatedSam sam() {
        return sam;
    }

    public LineTiming timing() {
        return timing;
    }

    /** False once closed, or once its line failed (the cable was pulled). */
    public boolean running() {
        return stopped.getCount() > 0;
    }

    /** Whether it stopped because its line failed rather than by {@link #close()}. */
    public boolean lineFailed() {
        return lineFailed;
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Calls {@code listener} on the simulator's thread when a command arrives, before it is answered. */
    public Subscription onCommand(Consumer<SamCommand> listener) {
        Consumer<SamCommand> wrapped = Objects.requireNonNull(listener, "listener")::accept;
        commandListeners.add(wrapped);
        return () -> commandListeners.remove(wrapped);
    }

    /** Bytes received from and sent to the host so far. */
    public Traffic traffic() {
        return new Traffic(bytesIn.get(), bytesOut.get());
    }

    public record Traffic(long bytesIn, long bytesOut) { }

    @Override
    public void close() {
        closed = true;
        try {
            if (Thread.currentThread() != thread && !stopped.await(2, TimeUnit.SECONDS)) {
                LOG.warn("The reader simulator did not stop within 2 s; it is at {}",
                        java.util.Arrays.toString(thread.getStackTrace()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }

    private void pump() {
        FrameDecoder decoder = new FrameDecoder();
        byte[] buffer = new byte[4096];
        long lastByte = Long.MIN_VALUE;
        long frameStart = 0;
        boolean mismatch = false;
        try {
            while (!closed) {
                int n = link.read(buffer, 0, buffer.length, 50);
                if (n <= 0) {
                    continue;
                }
                long now = System.nanoTime();
                bytesIn.addAndGet(n); // (the host's own count is exact: it wrote them before waiting)
                if (decoder.buffered() == 0) {
                    // the first bytes of a new frame: its modelled arrival counts from here
                    frameStart = now;
                    if (lastByte == Long.MIN_VALUE || now - lastByte > BURST_GAP_NANOS || mismatch) {
                        mismatch = mismatched();
                    }
                }
                lastByte = now;
                if (mismatch) {
                    decoder.reset();
                    send(noise(n), now + timing.nanos(n));
                    continue;
                }
                decoder.feed(buffer, 0, n);
                while (true) {
                    FrameDecoder.Result result = decoder.next();
                    if (result instanceof FrameDecoder.Result.Complete c) {
                        long commandEnd = frameStart + timing.nanos(c.payload().length + 8L);
                        frameStart = System.nanoTime();
                        SamRequest request = SamRequest.fromPayload(c.payload());
                        SimulatedSam.Reply reply;
                        if (request == null) {
                            reply = sam.answerDamaged(FrameDecoder.Rejection.BAD_LENGTH);
                        } else {
                            SamCommand.of(request.code(), request.parameter()).ifPresent(this::announce);
                            reply = sam.answer(request);
                        }
                        answer(reply, commandEnd);
                    } else if (result instanceof FrameDecoder.Result.Rejected r) {
                        answer(sam.answerDamaged(r.reason()), System.nanoTime());
                        decoder.reset();
                        break;
                    } else {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                lineFailed = true;
                LOG.info("The reader simulator's line failed: {}", e.getMessage());
            }
        } finally {
            stopped.countDown();
        }
    }

    private boolean mismatched() {
        OptionalInt hostBaud = host.baud();
        return hostBaud.isPresent() && hostBaud.getAsInt() != timing.baud();
    }

    private void announce(SamCommand command) {
        for (Consumer<SamCommand> listener : commandListeners) {
            try {
                listener.accept(command);
            } catch (RuntimeException e) {
                LOG.warn("A command listener of the reader simulator failed", e);
            }
        }
    }

    private void answer(SimulatedSam.Reply reply, long commandEnd) throws IOException {
        if (reply.response() == null) {
            return;
        }
        byte[] frame = reply.response().toFrame();
        SerialFault fault = reply.wireFault();
        long start = Math.max(System.nanoTime(), commandEnd) + (long) (reply.thinking().toNanos());
        byte[] early = switch (fault == null ? SerialFault.SILENT : fault) {
            case STRAY_BYTES_THEN_LATE_ANSWER -> noise(5);
            case FAKE_PREAMBLE_THEN_LATE_ANSWER -> concat(new byte[] {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96,
                    0x69, 0x00, 0x20}, noise(3));
            case HALF_FRAME_THEN_LATE_ANSWER -> Arrays.copyOf(frame, Math.max(8, frame.length / 2));
            case NOISE_INSTEAD_OF_ANSWER -> noise(12);
            default -> null;
        };
        if (early != null) {
            send(early, start);
            if (fault == SerialFault.NOISE_INSTEAD_OF_ANSWER) {
                return;
            }
            start += timing.nanos(early.length) + LATE.toNanos();
        }
        if (fault == SerialFault.NOISE_AFTER_ANSWER) {
            frame = concat(frame, noise(6));
        }
        if (fault == SerialFault.CHECKSUM_ERROR) {
            frame[frame.length - 1] ^= 0x01;
        } else if (fault == SerialFault.TRUNCATED_FRAME) {
            frame = Arrays.copyOf(frame, Math.max(8, frame.length / 2));
        } else if (fault == SerialFault.GARBAGE_BEFORE_ANSWER) {
            frame = concat(noise(24), frame);
        } else if (fault == SerialFault.BOGUS_FRAME_BEFORE_ANSWER) {
            byte[] bogus = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69, (byte) 0xFF, (byte) 0xFF, 0x12, 0x34};
            frame = concat(bogus, frame);
        }
        send(frame, start);
    }

    /** Writes {@code bytes} so that the first leaves at {@code start} and each then takes its line time. */
    private void send(byte[] bytes, long start) throws IOException {
        if (timing.scale() == 0.0) {
            sleepUntil(start);
            bytesOut.addAndGet(bytes.length); // counted first: once the host has them, they are counted
            link.write(bytes);
            return;
        }
        for (int at = 0; at < bytes.length && !closed; at += CHUNK) {
            int len = Math.min(CHUNK, bytes.length - at);
            // The chunk is on the host's side once its last byte has crossed the line.
            sleepUntil(start + timing.nanos(at + len));
            bytesOut.addAndGet(len);
            link.write(Arrays.copyOfRange(bytes, at, at + len));
        }
    }

    private void sleepUntil(long target) {
        while (!closed) {
            long left = target - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > 200_000) {
                LockSupport.parkNanos(left - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Random bytes without 0xAA, so that no preamble can appear in them. */
    private byte[] noise(int length) {
        byte[] out = new byte[Math.max(1, length)];
        for (int i = 0; i < out.length; i++) {
            int b;
            do {
                b = noise.nextInt(256);
            } while (b == 0xAA);
            out[i] = (byte) b;
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package com.payband.drivers.idcard.serial;

import java.util.Arrays;

/**
 * Cuts frames out of a byte stream that may hold anything: leftovers of an earlier answer, line noise,
 * truncated or damaged frames. It looks for the preamble, refuses a length outside
 * {@link Frames#MIN_LENGTH}..{@link Frames#MAX_LENGTH} and a wrong checksum, and after a refusal
 * resynchronises on the next preamble after the refused one's first byte (so a real frame hidden
 * inside a bogus one is still found). Not thread-safe: one reader thread feeds and polls it.
 */
public final class FrameDecoder {

    /** What {@link #next()} found. */
    public sealed interface Result {
        /** A complete frame whose checksum holds. */
        record Complete(byte[] payload) implements Result { }

        /** Not enough bytes yet. */
        record NeedMore() implements Result { }

        /** A frame-looking run of bytes that is not a frame; its first byte was dropped. */
        record Rejected(Rejection reason) implements Result { }
    }

    public enum Rejection {
        /** LEN below {@link Frames#MIN_LENGTH} or above the limit. */
        BAD_LENGTH,
        /** The XOR does not match. */
        BAD_CHECKSUM
    }

    private static final Result NEED_MORE = new Result.NeedMore();

    private final int maxLength;
    private byte[] buffer = new byte[4096];
    private int start;
    private int end;
    private long discarded;

    public FrameDecoder() {
        this(Frames.MAX_LENGTH);
    }

    public FrameDecoder(int maxLength) {
        if (maxLength < Frames.MIN_LENGTH || maxLength > 0xFFFF) {
            throw new IllegalArgumentException("max length out of range: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    public void feed(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (end + length > buffer.length) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            if (end + length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, end + length));
            }
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** The next frame, refusal or {@code NeedMore}; call again after a frame or a refusal. */
    public Result next() {
        int at = findPreamble();
        discarded += at - start;
        start = at;
        if (end - start < Frames.HEADER_LENGTH) {
            return NEED_MORE;
        }
        int length = ((buffer[start + 5] & 0xFF) << 8) | (buffer[start + 6] & 0xFF);
        if (length < Frames.MIN_LENGTH || length > maxLength) {
            dropOne();
            return new Result.Rejected(Rejection.BAD_LENGTH);
        }
        int total = Frames.HEADER_LENGTH + length;
        if (end - start < total) {
            return NEED_MORE;
        }
        if (Frames.checksum(buffer, start + 5, start + total - 1) != buffer[start + total - 1]) {
            dropOne();
            return new Result.Rejected(Rejection.BAD_CHECKSUM);
        }
        byte[] payload = Arrays.copyOfRange(buffer, start + Frames.HEADER_LENGTH, start + total - 1);
        start += total;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new Result.Complete(payload);
    }

    /** Whether a preamble has been seen and the rest of its frame is awaited. */
    public boolean inFrame() {
        return end - start >= Frames.PREAMBLE.length && startsWithPreamble(start);
    }

    /** Bytes of the frame being received so far (0 when none has started). */
    public int pendingBytes() {
        return inFrame() ? end - start : 0;
    }

    /** Total length of the frame being received, once its LEN has arrived; otherwise -1. */
    public int expectedFrameBytes() {
        if (!inFrame() || end - start < Frames.HEADER_LENGTH) {
            return -1;
        }
        return Frames.HEADER_LENGTH + (((buffer[start + 5] & 0xFF) << 8) | (buffer[start + 6] & 0xFF));
    }

    /** Bytes skipped because no preamble led to them (noise, leftovers), since creation or {@link #reset()}. */
    public long discardedBytes() {
        return discarded;
    }

    /** Bytes held: a partial frame, or a partial preamble. */
    public int buffered() {
        return end - start;
    }

    /**
     * Gives up the frame being received (it stopped half way: a leftover, or noise that looked like a
     * preamble): its first byte is dropped, and the next call resynchronises on the next preamble, which
     * may already be among the bytes held.
     */
    public void abandonFrame() {
        if (inFrame()) {
            dropOne();
        }
    }

    public void reset() {
        start = 0;
        end = 0;
        discarded = 0;
    }

    private void dropOne() {
        start++;
        discarded++;
    }

    /**
     * Index of the first full preamble at or after {@code start}; otherwise the index from which the
     * buffer's tail could still be the beginning of one (so that it is kept for the next feed).
     */
    private int findPreamble() {
        byte[] p = Frames.PREAMBLE;
        for (int i = start; i < end; i++) {
            int n = Math.min(p.length, end - i);
            boolean match = true;
            for (int k = 0; k < n; k++) {
                if (buffer[i + k] != p[k]) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return i;
            }
        }
        return end;
    }

    private boolean startsWithPreamble(int at) {
        for (int k = 0; k < Frames.PREAMBLE.length; k++) {
            if (buffer[at + k] != Frames.PREAMBLE[k]) {
                return false;
            }
        }
        return true;
    }
}

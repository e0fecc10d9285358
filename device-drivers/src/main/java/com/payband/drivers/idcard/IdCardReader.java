package com.payband.drivers.idcard;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A reader of identity documents: a GA/T 467 serial reader, a PC/SC reader or the simulator.
 *
 * <p>Reads are asynchronous and never run on the caller's thread. Implementations are thread-safe.
 */
public interface IdCardReader extends AutoCloseable {

    ReaderInfo info();

    /** What the reader is doing now; changes are also published as {@link ReaderEvent}s. */
    ReaderState state();

    /**
     * Reads the document on the reader.
     *
     * @param progress called (on a reader thread) as the read advances; must not block
     * @return completes with the document, or exceptionally with an {@link IdCardReadException}
     *     (possibly wrapped in a {@link java.util.concurrent.CompletionException}); cancelling the
     *     future stops the read at its next step and leaves the reader ready for another
     */
    CompletableFuture<IdDocument> read(ReadRequest request, Consumer<ReadProgress> progress);

    /** Subscribes to reader attached/removed and card present/removed events. */
    Subscription subscribe(Consumer<ReaderEvent> listener);

    /** Releases the device; a read in progress fails with {@link IdCardReadException.Failure#READER_UNAVAILABLE}. */
    @Override
    void close();

    /** A listener registration; closing it stops the events. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

package com.payband.drivers.idcard.pcsc;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The one door to the PC/SC library for the whole JVM: every call into {@code javax.smartcardio} that reaches
 * libpcsclite goes through {@link #call}, one at a time.
 *
 * <p>Why (a JVM died with SIGSEGV in libpcsclite's SCardStatus while the watcher polled and a read connected):
 * libpcsclite 1.9.9 (Debian 12) keeps a card handle's record in a list guarded by its context's mutex, yet finds
 * it under another; SCardDisconnect on one thread frees the record that SCardStatus (called by the JDK right after
 * SCardConnect, and by Card.isValid) reads on another. Its reader-state array is one per process, written by
 * SCardStatus, SCardListReaders and SCardGetStatusChange of any context (fixed upstream in pcsc-lite 2.0.1).
 * Serialising the calls takes both races away; a call costs ~0.1 ms on vpcd, so the watcher waits at most for
 * the exchange in flight. The JDK keeps one static context for every reader, so there is nothing to parallelise.
 */
final class PcscGate {

    /** A call into the library. */
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T run() throws E;
    }

    private static final ReentrantLock DOOR = new ReentrantLock(true);

    private PcscGate() {
    }

    static <T, E extends Exception> T call(Call<T, E> call) throws E {
        DOOR.lock();
        try {
            return call.run();
        } finally {
            DOOR.unlock();
        }
    }
}

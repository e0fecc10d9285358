package com.payband.drivers.idcard.serial;

import java.io.IOException;

/**
 * A byte pipe to a serial device: what the driver and the reader simulator need of a port, and no
 * more. {@link JSerialCommLink} is the real one; tests and benchmarks may use others.
 *
 * <p>One thread reads and writes at a time; {@link #close()} may come from any thread.
 */
public interface SerialLink extends AutoCloseable {

    /** The device path it was opened on. */
    String path();

    /** The line speed set on the host's side. */
    int baud();

    /** Sets the line speed (8 data bits, no parity, 1 stop bit, no flow control throughout). */
    void baud(int baud) throws IOException;

    /** Writes all bytes or fails. */
    void write(byte[] bytes) throws IOException;

    /**
     * Waits for at most {@code timeoutMillis} until at least one byte is there, then returns what is
     * there (up to {@code length}). Returns 0 on silence.
     *
     * @throws IOException when the device is gone (unplugged, the cable's other end closed)
     */
    int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException;

    /** Drops whatever the device has received and not yet been read. */
    void discardInput();

    @Override
    void close();
}

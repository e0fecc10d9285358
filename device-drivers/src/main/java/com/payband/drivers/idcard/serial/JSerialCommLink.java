package com.payband.drivers.idcard.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.util.Objects;

/**
 * A serial port through jSerialComm, 8N1 without flow control, reads semi-blocking (they return as
 * soon as a byte is there, so no time is lost waiting on a fixed slice).
 *
 * <p>An unplugged USB-serial adapter (or the far end of a pty pair closing) makes {@code readBytes}
 * return -1 at once while {@code isOpen()} still says true, and a write return short: both are turned
 * into an {@link IOException} here.
 */
public final class JSerialCommLink implements SerialLink {

    private final SerialPort port;
    private final String path;
    private int readTimeout = -1;
    private volatile boolean closed;

    private JSerialCommLink(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    public static JSerialCommLink open(String path, int baud) throws IOException {
        Objects.requireNonNull(path, "path");
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port at " + path, e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 50, 1000);
        if (!port.openPort()) {
            throw new IOException("cannot open " + path + " (missing, in use or not permitted; error "
                    + port.getLastErrorCode() + ")");
        }
        JSerialCommLink link = new JSerialCommLink(port, path);
        link.readTimeout = 50;
        return link;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int baud() {
        return port.getBaudRate();
    }

    @Override
    public void baud(int baud) throws IOException {
        requireOpen();
        if (!port.setBaudRate(baud)) {
            throw new IOException("cannot set " + baud + " baud on " + path);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        requireOpen();
        int written = port.writeBytes(bytes, bytes.length);
        if (written != bytes.length) {
            throw new IOException("the device at " + path + " is gone (wrote " + written + " of " + bytes.length + " bytes)");
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
        requireOpen();
        int timeout = Math.max(1, timeoutMillis);
        if (timeout != readTimeout) {
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, timeout, 1000);
            readTimeout = timeout;
        }
        int n = port.readBytes(buffer, length, offset);
        if (n < 0) {
            throw new IOException("the device at " + path + " is gone");
        }
        return n;
    }

    @Override
    public void discardInput() {
        if (!closed) {
            port.flushIOBuffers();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            port.closePort();
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("the port " + path + " is closed");
        }
    }

    @Override
    public String toString() {
        return "JSerialCommLink[" + path + "]";
    }
}

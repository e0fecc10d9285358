package com.payband.drivers.idcard.pcsc.sim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contactless card lying on a vpcd virtual reader: the client side of vsmartcard's vpcd protocol.
 *
 * <p>pcscd's vpcd driver listens on 127.0.0.1:35963 for the reader "Virtual PCD 00 00" (35964 for
 * "... 00 01"). Each message is a two-byte big-endian length and a payload; a one-byte payload is a
 * control code (0 power off, 1 power on, 2 reset, 4 get ATR), anything longer is a command APDU,
 * answered by the response APDU. A connected card is a card on the reader; closing the connection
 * takes it off.
 *
 * <p>While inserted, the card keeps trying to connect (every 100 ms) until vpcd listens, so a card
 * "lying on the reader" comes back by itself after pcscd restarts. Nagle is off: with it, every
 * APDU stalls about 40 ms on loopback (Nagle plus delayed ACK).
 */
public final class VirtualCard implements AutoCloseable {

    /** vpcd's port for reader index 0; reader {@code i} listens on {@code BASE_PORT + i}. */
    public static final int BASE_PORT = 35963;

    private static final Logger LOG = LoggerFactory.getLogger(VirtualCard.class);
    private static final int CONTROL_POWER_OFF = 0;
    private static final int CONTROL_POWER_ON = 1;
    private static final int CONTROL_RESET = 2;
    private static final int CONTROL_GET_ATR = 4;

    private final CardApplet applet;
    private final String host;
    private final int port;
    private final Object lock = new Object();
    // Guarded by lock.
    private Thread thread;
    private Socket socket;
    private boolean inserted;
    private CountDownLatch connected = new CountDownLatch(1);

    /** A card for reader {@code readerIndex} of the local vpcd. */
    public VirtualCard(CardApplet applet, int readerIndex) {
        this(applet, "127.0.0.1", BASE_PORT + readerIndex);
    }

    public VirtualCard(CardApplet applet, String host, int port) {
        this.applet = Objects.requireNonNull(applet, "applet");
        this.host = Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
    }

    public CardApplet applet() {
        return applet;
    }

    public int port() {
        return port;
    }

    /** Puts the card on the reader (connects to vpcd, in the background, retrying until it listens). */
    public void insert() {
        synchronized (lock) {
            if (inserted) {
                return;
            }
            inserted = true;
            connected = new CountDownLatch(1);
            Thread t = new Thread(this::run, "virtual-card-" + port);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /**
     * Puts the card on the reader and waits until vpcd has taken the connection.
     *
     * @return false if vpcd did not accept the card within the timeout
     */
    public boolean insertAndWait(long timeout, TimeUnit unit) throws InterruptedException {
        insert();
        CountDownLatch latch;
        synchronized (lock) {
            latch = connected;
        }
        return latch.await(timeout, unit);
    }

    /** Takes the card off the reader: the connection closes, pcscd sees the card gone. */
    public void remove() {
        Thread t;
        synchronized (lock) {
            if (!inserted) {
                return;
            }
            inserted = false;
            closeSocket();
            t = thread;
            thread = null;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isInserted() {
        synchronized (lock) {
            return inserted;
        }
    }

    /** Whether vpcd holds the card's connection now. */
    public boolean isConnected() {
        synchronized (lock) {
            return socket != null && socket.isConnected() && !socket.isClosed();
        }
    }

    @Override
    public void close() {
        remove();
    }

    /** Drops the connection from inside the APDU loop (a card snatched away mid-command). */
    void snatch() {
        synchronized (lock) {
            inserted = false;
            closeSocket();
        }
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the vpcd connection", e);
            }
            socket = null;
        }
    }

    private void run() {
        while (stillInserted()) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 1000);
                synchronized (lock) {
                    if (!inserted || thread != Thread.currentThread()) {
                        s.close();
                        return;
                    }
                    socket = s;
                    connected.countDown();
                }
                applet.reset();
                serve(s);
            } catch (IOException e) {
                // vpcd not listening (pcscd stopped or restarting), or the connection dropped.
                LOG.debug("vpcd connection on port {}: {}", port, e.toString());
            } finally {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                synchronized (lock) {
                    if (socket == s) {
                        socket = null;
                    }
                }
            }
            if (!pause()) {
                return;
            }
        }
    }

    private boolean stillInserted() {
        synchronized (lock) {
            return inserted && thread == Thread.currentThread();
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void serve(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        while (true) {
            int length;
            try {
                quickAck(s);
                length = in.readUnsignedShort();
            } catch (EOFException | SocketException e) {
                return;
            }
            byte[] message = new byte[length];
            in.readFully(message);
            if (length == 1) {
                control(message[0] & 0xFF, out);
            } else if (length > 1) {
                byte[] response;
                try {
                    response = applet.process(message);
                } catch (CardSnatchedException e) {
                    snatch();
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("virtual card failed on an APDU", e);
                    response = new byte[] {0x6F, 0x00};
                }
                send(out, response);
            }
        }
    }

    /**
     * vpcd writes a message's length and its payload separately, without TCP_NODELAY: Nagle holds the
     * payload until the length is acknowledged, and Linux delays that acknowledgement up to 40 ms.
     * Quick-ack mode (which the kernel leaves again by itself, so it is set before every message)
     * acknowledges at once. Where the option does not exist, messages are just slower.
     */
    private static void quickAck(Socket s) {
        if (QUICK_ACK == null) {
            return;
        }
        try {
            s.setOption(QUICK_ACK, Boolean.TRUE);
        } catch (IOException | UnsupportedOperationException e) {
            // not on this platform
        }
    }

    private static final java.net.SocketOption<Boolean> QUICK_ACK = quickAckOption();

    private static java.net.SocketOption<Boolean> quickAckOption() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK)
                    ? jdk.net.ExtendedSocketOptions.TCP_QUICKACK : null;
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private void control(int code, DataOutputStream out) throws IOException {
        switch (code) {
            case CONTROL_POWER_OFF, CONTROL_POWER_ON, CONTROL_RESET -> applet.reset();
            case CONTROL_GET_ATR -> send(out, applet.atr());
            default -> LOG.debug("unknown vpcd control code {}", code);
        }
    }

    /** Length and payload in one write: one segment. */
    private static void send(DataOutputStream out, byte[] payload) throws IOException {
        byte[] message = new byte[payload.length + 2];
        message[0] = (byte) (payload.length >> 8);
        message[1] = (byte) payload.length;
        System.arraycopy(payload, 0, message, 2, payload.length);
        out.write(message);
        out.flush();
    }

    @Override
    public String toString() {
        return "VirtualCard[port " + port + (isInserted() ? ", inserted" : ", removed") + "]";
    }
}

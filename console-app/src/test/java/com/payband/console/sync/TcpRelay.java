package com.payband.console.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cable between the console and the backend that the test can cut: bytes pass unchanged (TLS stays end to end),
 * until {@link #loseAnswers} — then, once a connection has carried a request body of some size, the backend's
 * answer never reaches the console and the connection drops: the backend did the work, the console does not know.
 */
public final class TcpRelay implements AutoCloseable {

    /** More than a TLS handshake sends: the request itself is under way. */
    private static final long REQUEST_BYTES = 6000;
    /**
     * More than a TLS 1.3 session ticket (about 2.2 KB here: a stateless ticket carries the client's certificate),
     * which can arrive after the request has gone: only the answer is lost (60 events' results: about 6 KB).
     */
    private static final int ANSWER_BYTES = 4000;

    private final ServerSocket server;
    private volatile URI target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean loseAnswers;
    /** Connections a middlebox has forgotten: the next request on one is dropped and the connection reset. */
    private final java.util.Set<Socket> forgotten = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicLong answersLost = new AtomicLong();

    public TcpRelay(URI target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "tcp-relay");
        t.setDaemon(true);
        t.start();
    }

    /** The backend's address through this relay (the certificate's 127.0.0.1 still matches). */
    public String url() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Points the cable at another address (a backend started again on another port, or someone else's server): the
     * connections open now are cut, as they would be, so the console's next call makes a new connection there.
     */
    public void retarget(URI to) {
        this.target = to;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    void loseAnswers(boolean lose) {
        this.loseAnswers = lose;
    }

    /**
     * A firewall or load balancer drops the connections that are idle now without telling either end (as they do after
     * a few minutes): the console's next request on one goes nowhere and the connection is reset. A console that
     * keeps connections open must open a new one and send again.
     */
    void forgetIdleConnections() {
        forgotten.addAll(sockets);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket console = server.accept();
                Socket backend;
                try {
                    backend = new Socket(target.getHost(), target.getPort());
                } catch (IOException down) {
                    console.close(); // nothing listens there: the console sees the connection drop
                    continue;
                }
                // as the console's and the backend's own sockets are: without it, Nagle and delayed ACKs add 40 ms to
                // each request whose body follows its headers in a second write
                console.setTcpNoDelay(true);
                backend.setTcpNoDelay(true);
                sockets.add(console);
                sockets.add(backend);
                AtomicLong sent = new AtomicLong();
                pump(console, backend, sent, false);
                pump(backend, console, sent, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong requestBytes, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (!answers && forgotten.contains(from)) {
                        from.setSoLinger(true, 0); // a reset, as the middlebox answers a connection it forgot
                        from.close();
                        to.close();
                        return;
                    }
                    if (!answers) {
                        requestBytes.addAndGet(n);
                    } else if (loseAnswers && requestBytes.get() > REQUEST_BYTES && n > ANSWER_BYTES) {
                        answersLost.incrementAndGet();
                        to.close();
                        from.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}

package com.payband.drivers.idcard.serial;

import java.io.IOException;
import java.util.Arrays;

/**
 * Two {@link SerialLink} ends joined in memory, with no kernel in between: for measuring the driver's
 * own overhead and for tests that need no pty. Each end reads what the other wrote.
 */
final class InMemoryCable {

    private final Pipe toSim = new Pipe();
    private final Pipe toHost = new Pipe();
    private volatile boolean cut;

    SerialLink hostEnd(int baud) {
        return new End("mem:host", toHost, toSim, baud);
    }

    SerialLink simEnd(int baud) {
        return new End("mem:sim", toSim, toHost, baud);
    }

    /** Both ends fail from now on, as if the cable was pulled. */
    void cut() {
        cut = true;
        toSim.wake();
        toHost.wake();
    }

    private final class End implements SerialLink {
        private final String path;
        private final Pipe in;
        private final Pipe out;
        private int baud;
        private volatile boolean closed;

        End(String path, Pipe in, Pipe out, int baud) {
            this.path = path;
            this.in = in;
            this.out = out;
            this.baud = baud;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public int baud() {
            return baud;
        }

        @Override
        public void baud(int newBaud) {
            baud = newBaud;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            check();
            out.put(bytes);
        }

        @Override
        public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            check();
            int n = in.take(buffer, offset, length, timeoutMillis);
            check();
            return n;
        }

        @Override
        public void discardInput() {
            in.clear();
        }

        @Override
        public void close() {
            closed = true;
        }

        private void check() throws IOException {
            if (cut || closed) {
                throw new IOException(path + " is gone");
            }
        }
    }

    private static final class Pipe {
        private byte[] data = new byte[8192];
        private int start;
        private int end;

        synchronized void put(byte[] bytes) {
            if (end + bytes.length > data.length) {
                System.arraycopy(data, start, data, 0, end - start);
                end -= start;
                start = 0;
                if (end + bytes.length > data.length) {
                    data = Arrays.copyOf(data, Math.max(data.length * 2, end + bytes.length));
                }
            }
            System.arraycopy(bytes, 0, data, end, bytes.length);
            end += bytes.length;
            notifyAll();
        }

        synchronized int take(byte[] buffer, int offset, int length, int timeoutMillis) {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (start == end) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                try {
                    wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
                if (start == end && System.nanoTime() >= deadline) {
                    return 0;
                }
            }
            int n = Math.min(length, end - start);
            System.arraycopy(data, start, buffer, offset, n);
            start += n;
            return n;
        }

        synchronized void clear() {
            start = 0;
            end = 0;
        }

        synchronized void wake() {
            notifyAll();
        }
    }
}

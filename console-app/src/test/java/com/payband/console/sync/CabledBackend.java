package com.payband.console.sync;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test backend that consoles reach through a cable ({@link TcpRelay}) at an address that stays the same while the
 * backend goes down and comes back (started again on its data, on another port): an outage as a store meets it.
 */
public final class CabledBackend implements AutoCloseable {

    private final Path dir;
    private final TcpRelay cable;
    private TestBackend backend;

    private CabledBackend(Path dir, TestBackend backend, TcpRelay cable) {
        this.dir = dir;
        this.backend = backend;
        this.cable = cable;
    }

    public static CabledBackend start(Path dir) throws IOException {
        TestBackend backend = TestBackend.start(dir);
        return new CabledBackend(dir, backend, new TcpRelay(backend.uri()));
    }

    /** The address consoles register with: the cable's. */
    public String url() {
        return cable.url();
    }

    /** The running backend (an outage has none). */
    public TestBackend backend() {
        if (backend == null) {
            throw new IllegalStateException("the backend is down");
        }
        return backend;
    }

    public void down() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** The same backend back, with the issuer's default rate limit. */
    public TestBackend back() throws IOException {
        return back(-1);
    }

    /** The same backend back with this rate limit (band authorisations per console and minute; -1: the default). */
    public TestBackend back(int authorisationsPerMinute) throws IOException {
        down();
        backend = authorisationsPerMinute < 0 ? TestBackend.start(dir) : TestBackend.start(dir, authorisationsPerMinute);
        cable.retarget(backend.uri());
        return backend;
    }

    @Override
    public void close() throws IOException {
        down();
        cable.close();
    }
}

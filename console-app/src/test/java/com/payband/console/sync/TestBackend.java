package com.payband.console.sync;

import com.payband.backend.ca.BackendCa;
import com.payband.backend.consoles.ConsoleRegistry;
import com.payband.backend.events.EventLog;
import com.payband.backend.http.BackendServer;
import com.payband.backend.store.BackendStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real reference backend for the console's tests, in this JVM on loopback (its embedded H2 file, its own CA):
 * the console reaches it only over HTTPS with mutual TLS, as it would a remote one. Administration goes through
 * the backend's own registry, as its operator's command line would.
 */
public final class TestBackend implements AutoCloseable {

    private final BackendStore store;
    private final ConsoleRegistry registry;
    private final EventLog events;
    private final BackendServer server;

    private TestBackend(BackendStore store, ConsoleRegistry registry, EventLog events, BackendServer server) {
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.server = server;
    }

    public static TestBackend start(Path dir) throws IOException {
        BackendStore store = BackendStore.open(dir, null, null, null);
        BackendCa ca = BackendCa.openOrCreate(dir.resolve("ca"), Clock.systemUTC());
        ConsoleRegistry registry = new ConsoleRegistry(store, ca, Clock.systemUTC());
        EventLog events = new EventLog(store, Clock.systemUTC(), true);
        BackendServer server = BackendServer.start(registry, events, ca, "127.0.0.1", 0, "test-admin-token",
                List.of());
        return new TestBackend(store, registry, events, server);
    }

    public String url() {
        return server.url().toString();
    }

    public URI uri() {
        return server.url();
    }

    /** A fresh one-time code, as the backend's administrator would read it out. */
    public String code() {
        return registry.createCode(Duration.ofHours(1)).toString();
    }

    /** What the backend has received: its event log. */
    public EventLog events() {
        return events;
    }

    public boolean revoke(String consoleId) {
        return registry.revoke(consoleId, "test");
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}

package com.payband.backend;

import com.payband.backend.ca.BackendCa;
import com.payband.backend.consoles.ConsoleRegistry;
import com.payband.backend.events.EventLog;
import com.payband.backend.http.BackendServer;
import com.payband.backend.issuer.IssuerKeys;
import com.payband.backend.issuer.IssuerService;
import com.payband.backend.store.BackendStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * One running backend, put together in one place (the command line's {@code serve}, the demo backend the console's
 * simulator starts, and the tests): its store, CA, console registry, issuer and event log behind the HTTP server.
 */
public final class Backend implements AutoCloseable {

    /**
     * How it serves.
     *
     * @param host                     the API's address
     * @param port                     the API's port (0: any free one)
     * @param adminToken               what the administration port wants
     * @param hostNames                names for the server certificate beside localhost and loopback
     * @param acceptSimulated          takes simulated bands and their events (demo and training backends)
     * @param authorisationsPerMinute  band authorisations one console may have per minute
     */
    public record Settings(String host, int port, String adminToken, List<String> hostNames, boolean acceptSimulated,
            int authorisationsPerMinute) {

        /** On loopback, any free port, simulators welcome: the tests' and the demo's backend. */
        public static Settings local(String adminToken) {
            return new Settings("127.0.0.1", 0, adminToken, List.of(), true,
                    IssuerService.DEFAULT_AUTHORISATIONS_PER_MINUTE);
        }
    }

    private final BackendStore store;
    private final ConsoleRegistry registry;
    private final EventLog events;
    private final IssuerService issuer;
    private final BackendServer server;

    private Backend(BackendStore store, ConsoleRegistry registry, EventLog events, IssuerService issuer,
            BackendServer server) {
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.issuer = issuer;
        this.server = server;
    }

    /**
     * Starts serving; the backend owns {@code store} from here on (closing the backend closes it, and so does a
     * failed start).
     *
     * @param caDir where the CA's key store is (made there on first start)
     * @param keys  the issuer's keys (PKCS#11 token, or the demo's software key store)
     */
    public static Backend start(BackendStore store, Path caDir, IssuerKeys keys, Settings settings) throws IOException {
        try {
            Clock clock = Clock.systemUTC();
            BackendCa ca = BackendCa.openOrCreate(caDir, clock);
            ConsoleRegistry registry = new ConsoleRegistry(store, ca, clock);
            IssuerService issuer = new IssuerService(store, keys, clock, settings.acceptSimulated(),
                    settings.authorisationsPerMinute());
            EventLog events = new EventLog(store, clock, settings.acceptSimulated(), issuer);
            BackendServer server = BackendServer.start(registry, events, issuer, ca, settings.host(), settings.port(),
                    settings.adminToken(), settings.hostNames());
            return new Backend(store, registry, events, issuer, server);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public BackendStore store() {
        return store;
    }

    public ConsoleRegistry registry() {
        return registry;
    }

    public EventLog events() {
        return events;
    }

    public IssuerService issuer() {
        return issuer;
    }

    public BackendServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}

package com.payband.console.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.backend.ca.BackendCa;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.sync.api.EventBatch;
import com.payband.sync.api.SyncEvent;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pushing a long offline queue: N events (-Dbenchmark.events, default 100,000) from the outbox to a real backend
 * (in process, H2, mutual TLS on loopback), read, decrypted, sent in batches of 500, stored once each, marked
 * sent. Baseline in the same run: the same request bodies POSTed by a bare HTTP client loop over TLS to a server
 * that only reads them. Run: {@code src/scripts/benchmark-sync.sh}. Prints figures; asserts nothing about time.
 */
@Tag("benchmark")
class SyncPushBenchmark {

    @Test
    void pushALongQueue() throws Exception {
        int n = Integer.getInteger("benchmark.events", 100_000);
        Path dir = Files.createTempDirectory("payband-sync-benchmark");
        try (ConsoleServices services = TestStores.create(dir.resolve("store"), Clock.systemUTC());
                TestBackend backend = TestBackend.start(dir.resolve("backend"))) {
            services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Bench");
            long filling = System.nanoTime();
            for (int done = 0; done < n; ) {
                int chunk = Math.min(1000, n - done);
                int from = done;
                services.database().runInTransaction(s -> {
                    for (int i = 0; i < chunk; i++) {
                        services.outbox().append(s, "binding.state-changed", "binding-" + ((from + i) % 5000),
                                payload(from + i), false);
                    }
                });
                done += chunk;
            }
            System.out.printf(Locale.ROOT, "queued %,d events in %.1f s%n", n, secs(filling));

            long start = System.nanoTime();
            SyncService.PushReport report = services.sync().push();
            double push = secs(start);
            System.out.printf(Locale.ROOT, "push: %,d sent (%,d stored at the backend) in %.2f s = %,.0f events/s%n",
                    report.sent(), backend.events().count(), push, report.sent() / push);

            double bare = bareLoop(n);
            System.out.printf(Locale.ROOT, "baseline: the same bodies by a bare HTTPS client loop in %.2f s%n", bare);
            System.out.printf(Locale.ROOT, "ratio push / bare = %.1f (goal: push <= 10 s for 100,000 events)%n",
                    push / bare);
        }
    }

    private static Map<String, Object> payload(int i) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bindingId", UUID.randomUUID().toString());
        p.put("bandSerial", String.format(Locale.ROOT, "PB%06d", i % 1_000_000));
        p.put("customerId", UUID.randomUUID().toString());
        // an offline queue as a store makes it: binds finished (the band's answer), one in 50 a lost report,
        // which goes as a request signed by the console (and verified by the backend)
        boolean lost = i % 50 == 0;
        p.put("state", lost ? "SUSPENDED" : "ACTIVE");
        p.put("reason", lost ? "LOST" : "BIND_CONFIRMED");
        p.put("at", Instant.now().toString());
        return p;
    }

    /** POSTs n events' worth of batch bodies over TLS to a server that reads and drops them. */
    private static double bareLoop(int n) throws Exception {
        BackendCa ca = BackendCa.openOrCreate(Files.createTempDirectory("bare-ca"), Clock.systemUTC());
        char[] pass = "x".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ca.serverKeyStore(pass, List.of()), pass);
        SSLContext serverSsl = SSLContext.getInstance("TLS");
        serverSsl.init(kmf.getKeyManagers(), null, new SecureRandom());
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverSsl));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] ok = "{}".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext clientSsl = SSLContext.getInstance("TLS");
            clientSsl.init(null, tmf.getTrustManagers(), new SecureRandom());
            HttpClient client = HttpClient.newBuilder().sslContext(clientSsl).build();
            ObjectMapper json = new ObjectMapper();
            List<byte[]> bodies = new ArrayList<>();
            for (int done = 0; done < n; done += 500) {
                List<SyncEvent> events = new ArrayList<>();
                for (int i = done; i < Math.min(n, done + 500); i++) {
                    events.add(new SyncEvent(UUID.randomUUID().toString(), "binding.state-changed", "binding-" + i % 5000,
                            Instant.now().toString(), false, payload(i)));
                }
                bodies.add(json.writeValueAsBytes(new EventBatch(events, null)));
            }
            URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
            long start = System.nanoTime();
            for (byte[] body : bodies) {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(url).POST(
                        HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("bare server answered " + r.statusCode());
                }
            }
            return secs(start);
        } finally {
            server.stop(0);
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}

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
 * (in process, mutual TLS on loopback; its store the demo's H2 file, or PostgreSQL with -Dbenchmark.backend=postgres),
 * read, decrypted, sent in batches of 500, stored once each, marked sent, after a warm-up push of
 * -Dbenchmark.warmup events (default 20,000; 0 for none). Baseline in the same run: the same request bodies POSTed
 * by a bare HTTP client loop over TLS to a server that only reads them, its second pass timed. Run:
 * {@code src/scripts/benchmark-sync.sh}. Prints figures; asserts nothing about time.
 */
@Tag("benchmark")
class SyncPushBenchmark {

    /** -Dbenchmark.backend=postgres: the backend on its production store instead of the demo's H2. */
    private static final boolean ON_POSTGRES = "postgres".equals(System.getProperty("benchmark.backend"));

    @Test
    void pushALongQueue() throws Exception {
        int n = Integer.getInteger("benchmark.events", 100_000);
        Path dir = Files.createTempDirectory("payband-sync-benchmark");
        try (ConsoleServices services = TestStores.create(dir.resolve("store"), Clock.systemUTC());
                TestBackend backend = ON_POSTGRES ? TestBackend.onPostgres(dir.resolve("backend"), "push_benchmark")
                        : TestBackend.start(dir.resolve("backend"))) {
            System.out.println("backend store: " + (ON_POSTGRES ? "PostgreSQL (the backend's test peer, its own"
                    + " process; " + (com.payband.backend.testpeer.Postgres.DURABLE ? "each commit on disk"
                    : "fsync off: -Dpostgres.durable=true for production's durability") + ")"
                    : "the demo backend's H2 file (in this JVM)"));
            services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Bench");
            // A console pushes all day and the backend serves every store, so both have compiled the push's paths
            // when a long queue comes; the first push of a new process mostly measures the JIT (its compiler
            // threads took about a core for the whole push here), so it is timed on its own and not counted.
            int warmup = Integer.getInteger("benchmark.warmup", 20_000);
            if (warmup > 0) {
                double cold = queueAndPush(services, backend, offlineQueue(warmup, "PW"), "warm-up");
                System.out.printf(Locale.ROOT, "warm-up (a new process's first push, not counted): %,d events in"
                        + " %.2f s%n", warmup, cold);
            }
            List<QueuedEvent> queue = offlineQueue(n, "PB");
            double push = queueAndPush(services, backend, queue, "push");

            System.out.println("issuer after the pushes (the warm-up's included): "
                    + backend.store().inTransaction(c -> {
                Map<String, Long> states = new java.util.TreeMap<>();
                try (java.sql.PreparedStatement q = c.prepareStatement("SELECT state, COUNT(*) FROM issuer_binding"
                        + " GROUP BY state UNION ALL SELECT 'changes not applied', COUNT(*) FROM issuer_state_change"
                        + " WHERE NOT applied"); java.sql.ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        states.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return states;
            }));
            System.out.println("the console's H2 page cache after the pushes (MB): " + services.database().inTransaction(
                    s -> s.createNativeQuery("SELECT SETTING_NAME || ' ' || SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                            + " WHERE SETTING_NAME IN ('info.CACHE_MAX_SIZE', 'info.CACHE_SIZE')", String.class)
                            .getResultList()));
            double bare = bareLoop(queue);
            System.out.printf(Locale.ROOT, "baseline: the same bodies by a bare HTTPS client loop in %.2f s%n", bare);
            System.out.printf(Locale.ROOT, "ratio push / bare = %.1f (goal: push <= 10 s for 100,000 events)%n",
                    push / bare);
        } finally {
            try {
                com.payband.console.files.Folders.deleteTree(dir); // a few hundred MB a run
            } catch (java.io.IOException e) {
                System.out.println("the benchmark's folder stays: " + dir + " (" + e + ")");
            }
        }
    }

    /** Queues the events as an offline store makes them, then times one push of them all. */
    private static double queueAndPush(ConsoleServices services, TestBackend backend, List<QueuedEvent> queue,
            String label) throws BackendException {
        long stored = backend.events().count();
        long filling = System.nanoTime();
        prepared(backend, queue);
        for (int done = 0; done < queue.size(); ) {
            List<QueuedEvent> chunk = queue.subList(done, Math.min(queue.size(), done + 1000));
            services.database().runInTransaction(s -> {
                for (QueuedEvent e : chunk) {
                    services.outbox().append(s, e.type(), e.bindingId().toString(), e.payload(), false);
                }
            });
            done += chunk.size();
        }
        System.out.printf(Locale.ROOT, "%s: queued %,d events (%,d bindings the issuer prepared) in %.1f s%n", label,
                queue.size(), queue.stream().map(QueuedEvent::bindingId).distinct().count(), secs(filling));
        CpuUse before = CpuUse.now();
        long start = System.nanoTime();
        SyncService.PushReport report = services.sync().push();
        double push = secs(start);
        CpuUse used = CpuUse.now().minus(before);
        System.out.printf(Locale.ROOT, "%s: %,d sent (%,d stored at the backend) in %.2f s = %,.0f events/s%n",
                label, report.sent(), backend.events().count() - stored, push, report.sent() / push);
        System.out.printf(Locale.ROOT, "%s: CPU %.1f s in %.1f s (%.2f cores): the console's thread (read, sign,"
                + " mark) %.1f s, the backend's request threads %.1f s, the rest %.1f s (the JIT's compilers, GC, the"
                + " HTTP and TLS threads; the JIT's compile time %.1f s, GC pauses %.1f s); per 1,000 events: console"
                + " %.0f ms, backend %.0f ms%n", label, used.process(), push, used.process() / push, used.console(),
                used.backend(), used.process() - used.console() - used.backend(), used.jit(), used.gc(),
                used.console() * 1e6 / queue.size(), used.backend() * 1e6 / queue.size());
        if (report.sent() != queue.size() || backend.events().count() - stored != queue.size()) {
            throw new IllegalStateException(label + ": not every event reached the backend once: " + report);
        }
        return push;
    }

    private record QueuedEvent(String type, UUID bindingId, Map<String, Object> payload) {
    }

    /**
     * CPU seconds used so far: the whole process, this thread (the console's push: it reads, signs and marks the
     * batches), the backend's request threads (Jetty's pool; a thread that ends in between drops out), and the
     * seconds the JIT compiled and GC paused (elapsed). Printed besides the push's time, since on this shared machine
     * a neighbour's load moves the wall clock far more than the CPU each part needs.
     */
    private record CpuUse(double process, double console, double backend, double jit, double gc) {

        static CpuUse now() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            double backend = 0;
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && t.getThreadName().startsWith("JettyServerThreadPool")) {
                    backend += Math.max(0, threads.getThreadCpuTime(t.getThreadId())) / 1e9;
                }
            }
            double gc = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum() / 1e3;
            return new CpuUse(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9,
                    threads.getCurrentThreadCpuTime() / 1e9, backend,
                    java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3, gc);
        }

        CpuUse minus(CpuUse before) {
            return new CpuUse(process - before.process, console - before.console, backend - before.backend,
                    jit - before.jit, gc - before.gc);
        }
    }

    /**
     * An offline store's queue as it makes one: enrollments whose bind the issuer prepared before the link went
     * (each a binding.created and its end, BIND_CONFIRMED: the band's answer decides it, unsigned), and one event in
     * 50 a lost report of a band enrolled before (a request the console signs and the backend verifies).
     */
    private static List<QueuedEvent> offlineQueue(int n, String serialPrefix) {
        List<QueuedEvent> queue = new ArrayList<>(n);
        List<UUID> active = new ArrayList<>();
        UUID open = null;
        for (int i = 0; i < n; i++) {
            if (i % 50 == 49 && !active.isEmpty()) {
                UUID lost = active.remove(active.size() - 1);
                queue.add(new QueuedEvent("binding.state-changed", lost,
                        payload(lost, serialPrefix, i, "SUSPENDED", "LOST")));
            } else if (open == null) {
                open = UUID.randomUUID(); // as LifecycleService makes them
                queue.add(new QueuedEvent("binding.created", open, payload(open, serialPrefix, i, "PENDING", null)));
            } else {
                queue.add(new QueuedEvent("binding.state-changed", open,
                        payload(open, serialPrefix, i, "ACTIVE", "BIND_CONFIRMED")));
                active.add(open);
                open = null;
            }
        }
        return queue;
    }

    private static Map<String, Object> payload(UUID bindingId, String serialPrefix, int i, String state,
            String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bindingId", bindingId.toString());
        p.put("bandSerial", String.format(Locale.ROOT, "%s%07d", serialPrefix, i));
        p.put("customerId", UUID.nameUUIDFromBytes(bindingId.toString().getBytes()).toString());
        p.put("state", state);
        p.put("reason", reason);
        p.put("at", Instant.now().toString());
        p.put("staff", "bench-clerk");
        return p;
    }

    /**
     * The issuer's side of those binds: each binding PENDING at the backend, as its preparation left it (written
     * straight into the backend's store: preparing 50,000 binds through the API would measure the preparation).
     */
    private static void prepared(TestBackend backend, List<QueuedEvent> queue) {
        backend.store().inTransaction(c -> {
            String console;
            try (java.sql.PreparedStatement q = c.prepareStatement("SELECT console_id FROM console");
                    java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                console = rs.getString(1);
            }
            java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
            try (java.sql.PreparedStatement in = c.prepareStatement("INSERT INTO issuer_binding (binding_id,"
                    + " band_serial, console_id, device_key, identity_ref, bind_payload_sha, sealed_secret, state,"
                    + " last_counter, simulated, prepared_by, prepared_at, updated_at)"
                    + " VALUES (?, ?, ?, 'bench', 'bench', 'bench', 'bench', 'PENDING', 0, FALSE, 'bench', ?, ?)")) {
                int rows = 0;
                for (QueuedEvent e : queue) {
                    if (e.type().equals("binding.created")) {
                        in.setString(1, e.bindingId().toString());
                        in.setString(2, (String) e.payload().get("bandSerial"));
                        in.setString(3, console);
                        in.setTimestamp(4, now);
                        in.setTimestamp(5, now);
                        in.addBatch();
                        if (++rows % 1000 == 0) {
                            in.executeBatch();
                        }
                    }
                }
                in.executeBatch();
            }
            return null;
        });
    }

    /** POSTs the queue's events as batch bodies over TLS to a server that reads and drops them. */
    private static double bareLoop(List<QueuedEvent> queue) throws Exception {
        // without it the JDK's server sends its answer's headers and body in two segments, and each request then
        // waits for the client's delayed ACK (40 ms): the baseline measured Nagle, not the transport
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path caDir = Files.createTempDirectory("bare-ca");
        BackendCa ca = BackendCa.openOrCreate(caDir, Clock.systemUTC());
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
            for (int done = 0; done < queue.size(); done += 500) {
                List<SyncEvent> events = new ArrayList<>();
                for (QueuedEvent e : queue.subList(done, Math.min(queue.size(), done + 500))) {
                    events.add(new SyncEvent(UUID.randomUUID().toString(), e.type(), e.bindingId().toString(),
                            Instant.now().toString(), false, e.payload()));
                }
                bodies.add(json.writeValueAsBytes(new EventBatch(events, null)));
            }
            URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
            long start = 0;
            for (int round = 0; round < 2; round++) { // the first pass compiles the loop's paths, as the warm-up push
                start = System.nanoTime();
                for (byte[] body : bodies) {
                    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(url).POST(
                            HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("bare server answered " + r.statusCode());
                    }
                }
            }
            return secs(start);
        } finally {
            server.stop(0);
            com.payband.console.files.Folders.deleteTree(caDir);
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}

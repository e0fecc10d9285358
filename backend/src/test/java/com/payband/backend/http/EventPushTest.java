package com.payband.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.payband.backend.ca.BackendCa;
import com.payband.backend.consoles.ConsoleRegistry;
import com.payband.backend.events.EventLog;
import com.payband.backend.issuer.IssuerKeys;
import com.payband.backend.issuer.IssuerService;
import com.payband.backend.store.BackendStore;
import com.payband.backend.testpeer.Postgres;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.AuditHead;
import com.payband.sync.api.EventBatch;
import com.payband.sync.api.SyncEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console's outbox arriving at the backend on PostgreSQL: every event once, whatever the retries; an event
 * id reused for other content refused; simulators' events only where the backend takes them; junk refused
 * event by event; two backend instances given the same batch at once store it once.
 */
class EventPushTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private String dbUrl;
    private ConsoleRegistry registry;
    private EventLog log;
    private BackendStore store;
    private BackendServer server;
    private BackendCa ca;

    @BeforeEach
    void backend() throws Exception {
        dbUrl = Postgres.shared().createDatabase("events_" + DATABASES.incrementAndGet());
        ca = BackendCa.openOrCreate(dir.resolve("ca"), Clock.systemUTC());
        server = instance(true);
    }

    private BackendServer instance(boolean acceptSimulated) throws IOException {
        store = BackendStore.open(dir, dbUrl, Postgres.shared().user(), null);
        open.add(store);
        registry = new ConsoleRegistry(store, ca, Clock.systemUTC());
        log = new EventLog(store, Clock.systemUTC(), acceptSimulated);
        BackendServer s = BackendServer.start(registry, log, new IssuerService(store,
                IssuerKeys.software(dir.resolve("issuer")), Clock.systemUTC(), acceptSimulated, 60), ca, "127.0.0.1", 0,
                "token", List.of());
        open.add(0, s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aRetriedBatchIsStoredOnceAndInOrder() throws Exception {
        TestConsole console = TestConsole.register(server.url(), registry.createCode(Duration.ofHours(1)).toString(),
                "Shop");
        String binding = UUID.randomUUID().toString();
        List<SyncEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(console.signed(event(binding, "binding.state-changed", Map.of("state", "S" + i), false)));
        }
        JsonNode first = push(console, server.url(), events);
        assertThat(statuses(first)).containsOnly("ACCEPTED").hasSize(30);
        JsonNode again = push(console, server.url(), events);
        assertThat(statuses(again)).containsOnly("DUPLICATE").hasSize(30);
        assertThat(log.count()).isEqualTo(30);
        assertThat(log.eventsOf(binding)).containsExactlyElementsOf(events.stream().map(SyncEvent::eventId).toList());

        // the same id with other content: refused, the stored event untouched
        SyncEvent forged = new SyncEvent(events.get(0).eventId(), "binding.state-changed", binding,
                events.get(0).occurredAt(), false, Map.of("state", "ACTIVE"));
        JsonNode reused = push(console, server.url(), List.of(forged));
        assertThat(reused.get("results").get(0).get("error").asText()).isEqualTo("EVENT_ID_REUSED");
        assertThat(log.count()).isEqualTo(30);
    }

    /**
     * A state change that needs no band (a lost or stolen report) is a signed request: stored with the console's
     * signature and the serial of the certificate it was checked against; unsigned, signed by another key, or signed
     * by one console and replayed by another, it is refused, and only that event of the batch.
     */
    @Test
    void aStateChangeIsStoredOnlyWithItsConsolesSignature() throws Exception {
        TestConsole console = TestConsole.register(server.url(), registry.createCode(Duration.ofHours(1)).toString(),
                "Shop");
        TestConsole other = TestConsole.register(server.url(), registry.createCode(Duration.ofHours(1)).toString(),
                "Other shop");
        String binding = UUID.randomUUID().toString();
        SyncEvent report = event(binding, "binding.state-changed", Map.of("state", "DEACTIVATED", "reason", "STOLEN",
                "staff", "agent wang"), false);
        SyncEvent signed = console.signed(report);
        SyncEvent byAnotherKey = report.signed(java.util.Base64.getEncoder().encodeToString(sign(TestConsole.p256(),
                com.payband.sync.api.EventSignature.toBeSigned(report))));
        Map<String, Object> changed = new java.util.HashMap<>(report.payload());
        changed.put("reason", "LOST");
        SyncEvent alteredAfterSigning = new SyncEvent(report.eventId(), report.type(), binding, report.occurredAt(),
                false, changed, signed.signature());

        JsonNode refused = push(console, server.url(), List.of(report, byAnotherKey, alteredAfterSigning,
                event(binding, "binding.created", Map.of(), false)));
        assertThat(statuses(refused)).containsExactly("REJECTED", "REJECTED", "REJECTED", "ACCEPTED");
        for (int i = 0; i < 3; i++) {
            assertThat(refused.get("results").get(i).get("error").asText()).isEqualTo("SIGNATURE_INVALID");
        }
        // another console replaying this console's signed report: its own certificate does not verify it
        JsonNode replayed = push(other, server.url(), List.of(signed));
        assertThat(replayed.get("results").get(0).get("error").asText()).isEqualTo("SIGNATURE_INVALID");
        assertThat(log.count()).isEqualTo(1);

        // signed reports in one batch, each checked with the certificate's key read once for the batch: the
        // console's two are taken, the one between them signed by another key is not
        SyncEvent lost = event(UUID.randomUUID().toString(), "binding.state-changed",
                Map.of("state", "SUSPENDED", "reason", "LOST", "staff", "agent wang"), false);
        SyncEvent lostByAnotherKey = lost.signed(java.util.Base64.getEncoder().encodeToString(sign(TestConsole.p256(),
                com.payband.sync.api.EventSignature.toBeSigned(lost))));
        SyncEvent alsoSigned = console.signed(event(UUID.randomUUID().toString(), "binding.state-changed",
                Map.of("state", "SUSPENDED", "reason", "LOST", "staff", "agent li"), false));
        JsonNode stored = push(console, server.url(), List.of(signed, lostByAnotherKey, alsoSigned));
        assertThat(statuses(stored)).containsExactly("ACCEPTED", "REJECTED", "ACCEPTED");
        String[] kept = store.inTransaction(c -> {
            try (var q = c.prepareStatement("SELECT signature, signer_certificate FROM sync_event WHERE event_id = ?")) {
                q.setString(1, report.eventId());
                var rs = q.executeQuery();
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        });
        assertThat(kept[0]).isEqualTo(signed.signature());
        assertThat(kept[1]).isEqualTo(console.certificate.getSerialNumber().toString(16));
        // and it verifies after the fact with that certificate
        java.security.Signature verifier = java.security.Signature.getInstance(
                com.payband.sync.api.EventSignature.ALGORITHM);
        verifier.initVerify(console.certificate.getPublicKey());
        verifier.update(com.payband.sync.api.EventSignature.toBeSigned(report));
        assertThat(verifier.verify(java.util.Base64.getDecoder().decode(kept[0]))).isTrue();
    }

    private static byte[] sign(java.security.KeyPair key, byte[] data) throws Exception {
        java.security.Signature signer = java.security.Signature.getInstance(
                com.payband.sync.api.EventSignature.ALGORITHM);
        signer.initSign(key.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    @Test
    void junkIsRefusedEventByEventAndTheRestOfTheBatchStands() throws Exception {
        TestConsole console = TestConsole.register(server.url(), registry.createCode(Duration.ofHours(1)).toString(),
                "Shop");
        String binding = UUID.randomUUID().toString();
        List<SyncEvent> events = List.of(event(binding, "binding.created", Map.of(), false),
                new SyncEvent("not-a-uuid", "binding.created", binding, Instant.now().toString(), false, Map.of()),
                new SyncEvent(UUID.randomUUID().toString(), "DROP TABLE", binding, Instant.now().toString(), false,
                        Map.of()),
                new SyncEvent(UUID.randomUUID().toString(), "binding.created", binding, "yesterday", false, Map.of()),
                // well-formed, but beyond what a SQL timestamp holds (it failed the whole batch with a 400)
                new SyncEvent(UUID.randomUUID().toString(), "binding.created", binding, "+300000000-01-01T00:00:00Z",
                        false, Map.of()),
                new SyncEvent(UUID.randomUUID().toString(), "binding.created", binding, "1970-01-01T00:00:00Z",
                        false, Map.of()),
                new SyncEvent(UUID.randomUUID().toString(), "binding.created", binding, Instant.now().toString(), false,
                        null),
                console.signed(event(binding, "binding.state-changed", Map.of("state", "ACTIVE"), false)));
        JsonNode answer = push(console, server.url(), events);
        assertThat(statuses(answer)).containsExactly("ACCEPTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED",
                "REJECTED", "REJECTED", "ACCEPTED");
        assertThat(log.count()).isEqualTo(2);

        List<SyncEvent> tooMany = new ArrayList<>();
        for (int i = 0; i <= ApiPaths.MAX_EVENTS_PER_BATCH; i++) {
            tooMany.add(event(binding, "binding.created", Map.of(), false));
        }
        HttpResponse<String> refused = post(console, server.url(), new EventBatch(tooMany, null));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(log.count()).isEqualTo(2);

        // without a console's certificate, nothing at all
        HttpResponse<String> anonymous = TestConsole.post(TestConsole.anyServer(), server.url(), ApiPaths.EVENTS,
                new EventBatch(List.of(event(binding, "binding.created", Map.of(), false)), null));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(log.count()).isEqualTo(2);
    }

    @Test
    void aProductionBackendRefusesSimulatorsEvents() throws Exception {
        BackendServer production = instance(false);
        TestConsole console = TestConsole.register(production.url(),
                registry.createCode(Duration.ofHours(1)).toString(), "Demo shop");
        String binding = UUID.randomUUID().toString();
        JsonNode answer = push(console, production.url(), List.of(event(binding, "binding.created", Map.of(), true),
                event(binding, "binding.created", Map.of(), false)));
        assertThat(statuses(answer)).containsExactly("REJECTED", "ACCEPTED");
        assertThat(answer.get("results").get(0).get("error").asText()).isEqualTo("SIMULATED_NOT_ACCEPTED");
    }

    @Test
    void twoInstancesGivenTheSameBatchAtOnceStoreItOnce() throws Exception {
        BackendServer second = instance(true);
        TestConsole console = TestConsole.register(server.url(), registry.createCode(Duration.ofHours(1)).toString(),
                "Shop");
        for (int round = 0; round < 5; round++) {
            String binding = UUID.randomUUID().toString();
            List<SyncEvent> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                events.add(console.signed(event(binding, "binding.state-changed", Map.of("n", i), false)));
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (URI target : List.of(server.url(), second.url())) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return push(console, target, events);
                }));
            }
            go.countDown();
            int accepted = 0;
            for (Future<JsonNode> a : answers) {
                List<String> s = statuses(a.get());
                assertThat(s).hasSize(50).doesNotContain("REJECTED");
                accepted += (int) s.stream().filter("ACCEPTED"::equals).count();
            }
            pool.shutdown();
            assertThat(accepted).as("round " + round).isEqualTo(50);
            assertThat(log.eventsOf(binding)).hasSize(50);
        }
    }

    /**
     * A store put back to an older copy (or with its history edited) still pushes: its audit head, anchored with
     * every push, gives it away, and nothing of that push is stored.
     */
    @Test
    void aStoreThatRolledBackItsAuditTrailIsRefused() throws Exception {
        TestConsole console = TestConsole.register(server.url(), registry.createCode(Duration.ofHours(1)).toString(),
                "Shop");
        String binding = UUID.randomUUID().toString();
        String mac10 = "a".repeat(64);
        assertThat(post(console, server.url(), new EventBatch(List.of(event(binding, "binding.created", Map.of(), false)),
                new AuditHead(10, mac10))).statusCode()).isEqualTo(200);
        assertThat(log.anchorOf(console.consoleId)).contains(new AuditHead(10, mac10));
        // the same head again (nothing audited since): fine
        assertThat(post(console, server.url(), new EventBatch(List.of(), new AuditHead(10, mac10))).statusCode())
                .isEqualTo(200);
        long stored = log.count();

        HttpResponse<String> behind = post(console, server.url(), new EventBatch(List.of(event(binding,
                "binding.state-changed", Map.of("state", "ACTIVE"), false)), new AuditHead(7, "b".repeat(64))));
        assertThat(behind.statusCode()).isEqualTo(409);
        assertThat(behind.body()).contains("AUDIT_ROLLBACK");
        HttpResponse<String> beside = post(console, server.url(), new EventBatch(List.of(event(binding,
                "binding.state-changed", Map.of("state", "ACTIVE"), false)), new AuditHead(10, "c".repeat(64))));
        assertThat(beside.statusCode()).isEqualTo(409);
        assertThat(log.count()).isEqualTo(stored);
        assertThat(log.anchorOf(console.consoleId)).contains(new AuditHead(10, mac10));

        // positive control: a head further on is anchored
        assertThat(post(console, server.url(), new EventBatch(List.of(), new AuditHead(12, "d".repeat(64))))
                .statusCode()).isEqualTo(200);
        assertThat(log.anchorOf(console.consoleId)).contains(new AuditHead(12, "d".repeat(64)));
        HttpResponse<String> junk = post(console, server.url(), new EventBatch(List.of(), new AuditHead(-1, "zz")));
        assertThat(junk.statusCode()).isEqualTo(400);
    }

    private static SyncEvent event(String aggregate, String type, Map<String, Object> payload, boolean simulated) {
        return new SyncEvent(UUID.randomUUID().toString(), type, aggregate, Instant.now().toString(), simulated, payload);
    }

    private static JsonNode push(TestConsole console, URI backend, List<SyncEvent> events) throws Exception {
        HttpResponse<String> r = post(console, backend, new EventBatch(events, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestConsole.JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(TestConsole console, URI backend, EventBatch batch) throws Exception {
        return console.http().send(HttpRequest.newBuilder(backend.resolve(ApiPaths.EVENTS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestConsole.JSON.writeValueAsBytes(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> statuses(JsonNode answer) {
        List<String> s = new ArrayList<>();
        answer.get("results").forEach(r -> s.add(r.get("status").asText()));
        return s;
    }
}

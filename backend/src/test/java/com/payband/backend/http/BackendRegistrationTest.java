package com.payband.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.backend.ca.BackendCa;
import com.payband.backend.consoles.ConsoleRegistry;
import com.payband.backend.events.EventLog;
import com.payband.backend.issuer.IssuerKeys;
import com.payband.backend.issuer.IssuerService;
import com.payband.backend.store.BackendStore;
import com.payband.backend.testpeer.Postgres;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.RegistrationCode;
import com.payband.sync.api.RegistrationProof;
import com.payband.sync.api.RegistrationRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
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
 * Console registration and mutual TLS, against the backend on a real PostgreSQL: what a console does, and what a
 * thief with a used code, a guesser, a console with a forged, expired, unknown or revoked certificate, and a
 * sender of junk get.
 */
class BackendRegistrationTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String TOKEN = "admin-token-for-the-test";

    @TempDir
    Path dir;

    private String dbUrl;
    private final List<AutoCloseable> open = new ArrayList<>();
    private ConsoleRegistry registry;
    private BackendServer server;
    private BackendCa ca;

    @BeforeEach
    void backend() throws Exception {
        dbUrl = Postgres.shared().createDatabase("registration_" + DATABASES.incrementAndGet());
        ca = BackendCa.openOrCreate(dir.resolve("ca"), Clock.systemUTC());
        registry = registry(Clock.systemUTC());
        server = start(registry);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private BackendStore store;

    private ConsoleRegistry registry(Clock clock) throws IOException {
        BackendStore store = BackendStore.open(dir, dbUrl, Postgres.shared().user(), null);
        this.store = store;
        open.add(store);
        return new ConsoleRegistry(store, BackendCa.openOrCreate(dir.resolve("ca"), clock), clock);
    }

    private BackendServer start(ConsoleRegistry r) throws IOException {
        BackendServer s = BackendServer.start(r, new EventLog(store, Clock.systemUTC(), true), new IssuerService(store,
                IssuerKeys.software(dir.resolve("issuer")), Clock.systemUTC(), true, 60), ca, "127.0.0.1", 0, TOKEN,
                List.of());
        open.add(0, s);
        return s;
    }

    private URI url() {
        return server.url();
    }

    @Test
    void aConsoleRenewsItsCertificateAndTheOneItRenewedWithLastsUntilItsNextRenewal() throws Exception {
        TestConsole first = TestConsole.register(url(), registry.createCode(Duration.ofHours(1)).toString(), "Shop 3");
        TestConsole second = first.renew(url());
        assertThat(second.certificate.getPublicKey()).isNotEqualTo(first.certificate.getPublicKey());
        assertThat(second.get(url(), ApiPaths.ME).statusCode()).isEqualTo(200);
        // the answer may have been lost: the certificate it renewed with still opens, and can renew again
        assertThat(first.get(url(), ApiPaths.ME).statusCode()).isEqualTo(200);
        TestConsole third = first.renew(url());
        assertThat(third.get(url(), ApiPaths.ME).statusCode()).isEqualTo(200);
        // the newest renewal ends the one before the one it was made with
        assertThat(second.get(url(), ApiPaths.ME).statusCode()).isEqualTo(401);
        assertThat(registry.list()).hasSize(1);

        registry.revoke(first.consoleId, "PC stolen");
        assertThatThrownBy(() -> third.renew(url())).isInstanceOf(TestConsole.Refused.class)
                .hasMessageContaining("403");
    }

    @Test
    void aConsoleRegistersOnceWithACodeAndThenCallsWithItsCertificate() throws Exception {
        String code = registry.createCode(Duration.ofHours(1)).toString();
        TestConsole console = TestConsole.register(url(), code, "Shop 12, Hangzhou");

        HttpResponse<String> me = console.get(url(), ApiPaths.ME);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains(console.consoleId).contains("Shop 12, Hangzhou");
        assertThat(console.certificate.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());

        // the same code again (a thief who read it over the clerk's shoulder, after the clerk used it)
        assertThatThrownBy(() -> TestConsole.register(url(), code, "Thief"))
                .isInstanceOfSatisfying(TestConsole.Refused.class, e -> {
                    assertThat(e.status).isEqualTo(403);
                    assertThat(e.body).contains("REGISTRATION_CODE_INVALID");
                });
        assertThat(registry.list()).hasSize(1);
    }

    @Test
    void guessingTheSecretBurnsTheCodeAfterFiveTries() throws Exception {
        RegistrationCode code = registry.createCode(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            // the id is public (it travels); the secret is guessed
            RegistrationCode guess = new RegistrationCode(code.id(), RegistrationCode.generate(new SecureRandom()).secret());
            assertThatThrownBy(() -> TestConsole.register(url(), guess.toString(), "Guesser"))
                    .isInstanceOfSatisfying(TestConsole.Refused.class, e -> assertThat(e.status).isEqualTo(403));
        }
        assertThatThrownBy(() -> TestConsole.register(url(), code.toString(), "Shop"))
                .isInstanceOfSatisfying(TestConsole.Refused.class, e -> assertThat(e.body)
                        .contains("REGISTRATION_CODE_INVALID"));
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        ConsoleRegistry yesterday = registry(Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
        String code = yesterday.createCode(Duration.ofHours(2)).toString();
        assertThatThrownBy(() -> TestConsole.register(url(), code, "Shop"))
                .isInstanceOfSatisfying(TestConsole.Refused.class, e -> assertThat(e.status).isEqualTo(403));
    }

    @Test
    void onlyARegisteredUnrevokedConsolesCertificateOpensTheApi() throws Exception {
        TestConsole console = TestConsole.register(url(), registry.createCode(Duration.ofHours(1)).toString(), "Shop");

        // no certificate at all
        HttpResponse<String> none = TestConsole.anyServer().send(HttpRequest.newBuilder(url().resolve(ApiPaths.ME))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("CLIENT_CERTIFICATE_REQUIRED");

        // a certificate of this backend's CA for a key that never registered (a rogue console with a stolen CA
        // signature would look like this): known to TLS, unknown here
        KeyPair rogue = TestConsole.p256();
        X509Certificate unregistered = ca.issueConsole(TestConsole.csr(rogue), UUID.randomUUID(), "Rogue");
        HttpResponse<String> unknown = TestConsole.client(rogue, unregistered, ca.certificate())
                .send(HttpRequest.newBuilder(url().resolve(ApiPaths.ME)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("UNKNOWN_CONSOLE");

        // a certificate from a CA of the rogue's own: refused in the TLS handshake
        Path elsewhere = dir.resolve("rogue-ca");
        BackendCa rogueCa = BackendCa.openOrCreate(elsewhere, Clock.systemUTC());
        X509Certificate forged = rogueCa.issueConsole(TestConsole.csr(rogue), UUID.fromString(console.consoleId), "Shop");
        HttpClient forger = TestConsole.client(rogue, forged, ca.certificate());
        assertThatThrownBy(() -> forger.send(HttpRequest.newBuilder(url().resolve(ApiPaths.ME)).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        // an expired certificate of this CA: refused in the handshake too
        BackendCa past = BackendCa.openOrCreate(dir.resolve("ca"),
                Clock.fixed(Instant.now().minus(Duration.ofDays(400)), ZoneOffset.UTC));
        X509Certificate expired = past.issueConsole(TestConsole.csr(rogue), UUID.randomUUID(), "Old");
        HttpClient old = TestConsole.client(rogue, expired, ca.certificate());
        assertThatThrownBy(() -> old.send(HttpRequest.newBuilder(url().resolve(ApiPaths.ME)).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        // positive control, then revoked
        assertThat(console.get(url(), ApiPaths.ME).statusCode()).isEqualTo(200);
        assertThat(registry.revoke(console.consoleId, "stolen PC")).isTrue();
        HttpResponse<String> revoked = console.get(url(), ApiPaths.ME);
        assertThat(revoked.statusCode()).isEqualTo(403);
        assertThat(revoked.body()).contains("CONSOLE_REVOKED");
    }

    @Test
    void junkGetsAClear4xxAndLeavesNothingBehind() throws Exception {
        RegistrationCode code = registry.createCode(Duration.ofHours(1));
        HttpClient any = TestConsole.anyServer();
        String csr = TestConsole.csr(TestConsole.p256());
        String proof = RegistrationProof.request(code.proofKey(), code.id(), "Shop", csr);
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, "{not json"), 400, "MALFORMED_REQUEST");
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, ""), 400, "MALFORMED_REQUEST");
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, "[1,2]"), 400, "MALFORMED_REQUEST");
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, "{\"codeId\": {\"x\": 1}}"), 400,
                "MALFORMED_REQUEST");
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, "{\"codeId\": \"" + code.id()
                + "\", \"admin\": true}"), 400, "unknown field 'admin'");
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, "{\"codeId\": \"" + code.id() + "\"}"), 400,
                "required");
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, new byte[ApiPaths.MAX_BODY_BYTES + 1]), 413,
                "BODY_TOO_LARGE");
        // a request signed by another key than the one it names
        String otherCsr = TestConsole.csr(TestConsole.p256(), TestConsole.p256().getPrivate());
        assertRefused(TestConsole.post(any, url(), ApiPaths.REGISTER, new RegistrationRequest(code.id(), "Shop",
                otherCsr, RegistrationProof.request(code.proofKey(), code.id(), "Shop", otherCsr))), 400, "CSR_INVALID");
        assertRefused(TestConsole.post(any, url(), "/v1/nothing", "{}"), 401, "CLIENT_CERTIFICATE_REQUIRED");
        assertThat(registry.list()).isEmpty();

        // none of that used the code up: the clerk still registers with it
        assertThat(TestConsole.post(any, url(), ApiPaths.REGISTER, new RegistrationRequest(code.id(), "Shop", csr,
                proof)).statusCode()).isEqualTo(200);
    }

    /** The same junk at every path a registered console may POST to: a clear 4xx, nothing stored anywhere. */
    @Test
    void junkPostedByARegisteredConsoleToAnyPathGetsAClear4xxAndStoresNothing() throws Exception {
        TestConsole shop = TestConsole.register(url(), registry.createCode(Duration.ofHours(1)).toString(), "Shop");
        List<String> paths = List.of(ApiPaths.EVENTS, ApiPaths.RENEW, ApiPaths.ISSUER_BINDINGS,
                ApiPaths.ISSUER_AUTHORISATIONS, ApiPaths.ISSUER_PAYMENTS, ApiPaths.REVOCATIONS_IMPORTED,
                ApiPaths.ISSUER_BANDS + "/PB123456/reports");
        String before = counts();
        for (String path : paths) {
            assertRefused(shop.post(url(), path, "{not json"), 400, "MALFORMED_REQUEST");
            assertRefused(shop.post(url(), path, "[1,2]"), 400, "MALFORMED_REQUEST");
            assertRefused(shop.post(url(), path, "{\"unknownField\": 1}"), 400, "MALFORMED_REQUEST");
            assertRefused(shop.post(url(), path, "{\"events\": \"many\", \"bindingId\": {\"x\": 1},"
                    + " \"code\": [], \"bands\": 7, \"reason\": 3, \"csr\": 1}"), 400, "MALFORMED_REQUEST");
            assertRefused(shop.post(url(), path, new byte[ApiPaths.MAX_BODY_BYTES + 1]), 413, "BODY_TOO_LARGE");
        }
        assertThat(counts()).as("nothing stored").isEqualTo(before);
    }

    /** Rows of every table a console's request may write to. */
    private String counts() throws Exception {
        return store.inTransaction(c -> {
            StringBuilder all = new StringBuilder();
            for (String table : List.of("console", "sync_event", "issuer_binding", "issuer_authorisation",
                    "issuer_state_change", "revocation", "issuer_report_refusal", "issuer_band")) {
                try (var q = c.prepareStatement("SELECT count(*) FROM " + table); var rs = q.executeQuery()) {
                    rs.next();
                    all.append(table).append('=').append(rs.getLong(1)).append(' ');
                }
            }
            return all.toString();
        });
    }

    @Test
    void administrationIsOnlyOnTheLoopbackPortWithTheToken() throws Exception {
        URI admin = URI.create("http://127.0.0.1:" + server.adminPort());
        HttpClient plain = HttpClient.newHttpClient();
        HttpResponse<String> noToken = plain.send(HttpRequest.newBuilder(admin.resolve(ApiPaths.ADMIN_CONSOLES))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongToken = plain.send(HttpRequest.newBuilder(admin.resolve(ApiPaths.ADMIN_CONSOLES))
                .header(ApiPaths.ADMIN_TOKEN_HEADER, TOKEN + "x").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        // the token on the API's port opens nothing
        HttpResponse<String> onApi = TestConsole.anyServer().send(HttpRequest.newBuilder(url()
                .resolve(ApiPaths.ADMIN_REGISTRATION_CODES)).header(ApiPaths.ADMIN_TOKEN_HEADER, TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(onApi.statusCode()).isEqualTo(404);
        // and the API is not on the administration port
        HttpResponse<String> apiOnAdmin = plain.send(HttpRequest.newBuilder(admin.resolve(ApiPaths.ME)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(apiOnAdmin.statusCode()).isEqualTo(404);

        HttpResponse<String> made = plain.send(HttpRequest.newBuilder(admin.resolve(ApiPaths.ADMIN_REGISTRATION_CODES))
                .header(ApiPaths.ADMIN_TOKEN_HEADER, TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).isEqualTo(200);
        String code = TestConsole.JSON.readTree(made.body()).get("code").asText();
        assertThat(TestConsole.register(url(), code, "Shop").get(url(), ApiPaths.ME).statusCode()).isEqualTo(200);
    }

    @Test
    void twoBackendInstancesOnOnePostgresqlHandAnyCodeOutOnce() throws Exception {
        BackendServer second = start(registry(Clock.systemUTC()));
        for (int round = 0; round < 10; round++) {
            String code = registry.createCode(Duration.ofHours(1)).toString();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (URI target : List.of(url(), second.url())) {
                tries.add(pool.submit((Callable<Boolean>) () -> {
                    go.await();
                    try {
                        TestConsole.register(target, code, "Racer");
                        return true;
                    } catch (TestConsole.Refused e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : tries) {
                won += f.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(won).as("round " + round).isEqualTo(1);
        }
        assertThat(registry.list()).hasSize(10);
    }

    private static void assertRefused(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(r.body()).contains(text);
    }
}

package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.payband.backend.ca.BackendCa;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Outcome;
import com.payband.console.staff.StaffSession;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console registers with a real backend (in process, on loopback, mutual TLS afterwards): what an
 * administrator does, and what a used code, a dead backend, a man in the middle and a revocation do to it.
 */
class BackendRegistrationTest {

    @TempDir
    Path dir;

    private ConsoleServices services;
    private StaffSession admin;
    private TestBackend backend;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir.resolve("store"), Clock.systemUTC());
        admin = TestStores.admin(services);
        backend = TestBackend.start(dir.resolve("backend"));
    }

    @AfterEach
    void close() {
        services.close();
        backend.close();
    }

    @Test
    void theSyncRenewsTheCertificateBeforeItExpiresAndGoesOnWithTheNewOne() throws Exception {
        com.payband.console.MutableClock clock = new com.payband.console.MutableClock(java.time.Instant.now());
        try (ConsoleServices store = TestStores.create(dir.resolve("renewing"), clock)) {
            BackendLink first = store.backend().register(TestStores.admin(store), backend.url(), backend.code(), "Shop 9");
            store.sync().push();
            assertThat(store.backend().link().orElseThrow().certificatePem()).isEqualTo(first.certificatePem());

            // eleven months on: within 30 days of the certificate's end, the next sync renews it
            clock.advance(java.time.Duration.between(java.time.Instant.now(),
                    first.notAfter().minus(java.time.Duration.ofDays(20))));
            store.sync().push();
            BackendLink renewed = store.backend().link().orElseThrow();
            assertThat(renewed.certificatePem()).isNotEqualTo(first.certificatePem());
            assertThat(renewed.consoleId()).isEqualTo(first.consoleId());
            assertThat(store.audit().verify().intact()).isTrue();
            java.util.List<String> renewals = new java.util.ArrayList<>();
            store.audit().forEach(com.payband.console.audit.AuditQuery.all(), e -> {
                if (e.action() == com.payband.console.audit.AuditAction.BACKEND_CERTIFICATE_RENEWED) {
                    renewals.add(e.targetId().orElse(""));
                }
            });
            assertThat(renewals).containsExactly(first.consoleId());
            // and the sync goes on with the new key and certificate
            store.sync().push();
            assertThat(store.backend().status(TestStores.admin(store)).backendView()).isPresent();
        }
    }

    @Test
    void anAdministratorRegistersTheConsoleWhichThenCallsOverMutualTls() throws Exception {
        assertThat(services.backend().status(admin).link()).isEmpty();
        BackendLink link = services.backend().register(admin, backend.url(), backend.code(), "Shop 12");
        assertThat(link.consoleName()).isEqualTo("Shop 12");
        assertThat(link.registeredBy()).isEqualTo(admin.username());

        BackendRegistration.Status status = services.backend().status(admin);
        assertThat(status.error()).isEmpty();
        assertThat(status.backendView()).hasValueSatisfying(v -> {
            assertThat(v.consoleId()).isEqualTo(link.consoleId());
            assertThat(v.revokedAt()).isNull();
        });
        assertThat(audited(Outcome.SUCCESS)).isEqualTo(1);

        // the backend revokes it: the console says so
        backend.revoke(link.consoleId());
        assertThat(services.backend().status(admin).error()).hasValueSatisfying(
                e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.CONSOLE_REVOKED));
    }

    @Test
    void aUsedOrMistypedCodeAndADeadBackendLeaveNothingBehind() throws Exception {
        String code = backend.code();
        services.backend().register(admin, backend.url(), code, "Shop");
        String consoleId = services.backend().link().orElseThrow().consoleId();

        // registered: another registration replaces it only on purpose
        assertThatThrownBy(() -> services.backend().register(admin, backend.url(), backend.code(), "Again"))
                .isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.ALREADY_REGISTERED));
        assertThatThrownBy(() -> services.backend().register(admin, backend.url(), code, "Again", true))
                .isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.CODE_REFUSED));
        assertThatThrownBy(() -> services.backend().register(admin, backend.url(), "ABCD-EFGH", "Shop", true))
                .isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.BAD_CODE));
        // a code pasted into the address field: refused, and never echoed into the audit trail
        String another = backend.code();
        assertThatThrownBy(() -> services.backend().register(admin, another, another, "Shop", true))
                .isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.BAD_URL));
        assertThatThrownBy(() -> services.backend().register(admin, "http://" + backend.uri().getAuthority(),
                backend.code(), "Shop", true)).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.BAD_URL));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> services.backend().register(admin, "https://127.0.0.1:" + closed, backend.code(),
                "Shop", true)).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.UNREACHABLE));
        // the first registration is what the store still has
        assertThat(services.backend().link().orElseThrow().consoleId()).isEqualTo(consoleId);
        assertThat(audited(Outcome.FAILED)).isEqualTo(6);
        List<String> trail = new ArrayList<>();
        services.audit().forEach(AuditQuery.all(), e -> trail.add(e.targetId().orElse("") + " " + e.detail().orElse("")));
        String compact = another.replace("-", "");
        assertThat(trail).noneMatch(line -> line.contains(another) || line.replace("-", "").contains(compact));
    }

    /**
     * The store moves to another backend (its provider's, after the demo's): confirmed on purpose, and only once every
     * change made here has reached the current backend (a stolen report there is that backend's to act on). It then
     * binds with the new issuer and takes the new backend's revocation list from its start, keeping every stolen band
     * the old one listed, also one that both lists name.
     */
    @Test
    void aRegistrationReplacedOnPurposeBindsWithTheNewBackendAndTakesItsListFromTheStart() throws Exception {
        services.backend().register(admin, backend.url(), backend.code(), "Shop");
        var clerk = TestStores.staff(services, "clerk", com.payband.console.staff.Role.RETAIL_STAFF);
        var zhang = TestStores.customer(services, clerk, "zhang-wei");
        // a band bound with the old backend: its confirmation waits in the outbox
        var before = services.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100002"),
                TestStores.phoneOf(services, clerk, zhang), step -> { });
        assertThat(services.outbox().pendingCount()).isPositive();
        // the old backend lists a stolen band (a police list)
        services.issuer().importRevocations("police list", List.of(
                new com.payband.sync.api.ImportedRevocations.Band("PB900001", "STOLEN")));
        String oldUrl = services.backend().link().orElseThrow().url();

        try (TestBackend other = TestBackend.start(dir.resolve("other-backend"))) {
            String code = other.code();
            assertThatThrownBy(() -> services.backend().register(admin, other.url(), code, "Shop", true))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.reason())
                            .isEqualTo(BackendException.Reason.CHANGES_NOT_SENT));
            assertThat(services.backend().link().orElseThrow().url()).isEqualTo(oldUrl);

            services.sync().push(); // what waited reaches the old backend; its list is taken
            assertThat(backend.issuer().binding(before.bindingId().toString()).orElseThrow().state()).isEqualTo("ACTIVE");
            assertThat(services.lifecycle().revocationsOfBand("PB900001")).isNotEmpty();
            byte[] oldRoot = services.issuer().rootPublicKey();

            BackendLink moved = services.backend().register(admin, other.url(), code, "Shop", true);
            assertThat(moved.url()).contains(other.uri().getAuthority());
            assertThat(services.issuer().rootPublicKey()).isNotEqualTo(oldRoot);
            assertThat(services.simulator().factoryRoot()).isEqualTo(services.issuer().rootPublicKey());
            List<String> said = new ArrayList<>();
            services.audit().forEach(AuditQuery.all(), e -> {
                if (e.action() == AuditAction.BACKEND_REGISTERED && e.outcome() == Outcome.SUCCESS) {
                    said.add(e.detail().orElse(""));
                }
            });
            assertThat(said).last().asString().contains("replacing " + oldUrl);

            // the new list does not continue the old one: taken from its first entry; a band both lists name (the
            // same police list imported there) is kept once, and the sync goes on
            services.issuer().importRevocations("another list", List.of(
                    new com.payband.sync.api.ImportedRevocations.Band("PB900002", "STOLEN")));
            services.sync().push();
            services.issuer().importRevocations("police list", List.of(
                    new com.payband.sync.api.ImportedRevocations.Band("PB900001", "STOLEN")));
            services.sync().push();
            assertThat(services.sync().status(admin).lastError()).isEmpty();
            assertThat(services.lifecycle().revocationsOfBand("PB900001")).hasSize(1);
            assertThat(services.lifecycle().revocationsOfBand("PB900002")).hasSize(1);
            // a factory-new band is bound with the new backend's issuer
            var enrolled = services.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100001"),
                    TestStores.phoneOf(services, clerk, zhang), step -> { });
            assertThat(other.issuer().binding(enrolled.bindingId().toString())).isPresent();
            assertThat(backend.issuer().binding(enrolled.bindingId().toString())).isEmpty();
        }
    }

    /**
     * A band bound before the console moved to another backend is known only to the old backend's issuer: a theft
     * or loss reported afterwards is in force here and said to be here only (the new backend could not refuse the
     * band's payments), its event is kept rather than sent to a backend that cannot act on it, and what needs the
     * old issuer (finding the band again) is refused before an owner's card is read.
     */
    @Test
    void aBandBoundUnderTheOldRegistrationIsBlockedHereAndSaidToBeOnlyHere() throws Exception {
        Bound first = boundAtTheFirstBackend();
        var clerk = first.clerk();
        var agent = first.agent();
        var zhang = first.customer();
        var before = first.enrolled();

        try (TestBackend other = TestBackend.start(dir.resolve("other-backend"))) {
            services.backend().register(admin, other.url(), other.code(), "Shop", true);

            services.lifecycle().transition(agent, before.bindingId(), com.payband.console.binding.ReasonCode.LOST,
                    Optional.empty());
            assertThat(services.lifecycle().bindingById(before.bindingId()).orElseThrow().state())
                    .isEqualTo(com.payband.console.binding.BindingState.SUSPENDED); // in force here at once
            services.sync().push();
            assertThat(services.sync().reach(before.bindingId())).isEqualTo(SyncService.Reach.OTHER_BACKEND);
            SyncService.Status status = services.sync().status(admin);
            assertThat(status.keptElsewhere()).isEqualTo(1);
            assertThat(status.queued()).isZero();
            assertThat(status.lastError()).isEmpty();
            assertThat(other.events().eventsOf(before.bindingId().toString())).isEmpty();

            assertThatThrownBy(() -> services.support().found(agent, before.bindingId(), null))
                    .isInstanceOfSatisfying(com.payband.console.support.SupportException.class, e -> assertThat(
                            e.reason()).isEqualTo(com.payband.console.support.SupportException.Reason.ISSUED_ELSEWHERE));
            assertThat(services.lifecycle().bindingById(before.bindingId()).orElseThrow().state())
                    .isEqualTo(com.payband.console.binding.BindingState.SUSPENDED);
            List<String> denied = new ArrayList<>();
            services.audit().forEach(AuditQuery.all(), e -> {
                if (e.outcome() == Outcome.DENIED) {
                    denied.add(e.reason().orElse(""));
                }
            });
            assertThat(denied).contains("ISSUED_ELSEWHERE");

            // a band bound now is the new backend's: its changes go there
            var after = services.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100001"),
                    TestStores.phoneOf(services, clerk, zhang), step -> { });
            services.lifecycle().transition(agent, after.bindingId(), com.payband.console.binding.ReasonCode.LOST,
                    Optional.empty());
            services.sync().push();
            assertThat(services.sync().reach(after.bindingId())).isEqualTo(SyncService.Reach.BACKEND);
            assertThat(other.issuer().binding(after.bindingId().toString()).orElseThrow().state()).isEqualTo("SUSPENDED");
        }
    }

    /**
     * A binding whose stamp names another registration but which the current backend's issuer holds as this
     * console's (a bind that was in flight while the registration was replaced, or stamped before the simulator's
     * demo registration) is never kept from it: the push asks the issuer, stamps the binding anew and sends the
     * report.
     */
    @Test
    void aReportIsNeverKeptFromTheIssuerThatPreparedTheBindingWhateverItsStamp() throws Exception {
        Bound first = boundAtTheFirstBackend();
        var agent = first.agent();
        var bound = first.enrolled();
        services.database().runInTransaction(s -> s.find(com.payband.console.binding.Binding.class, bound.bindingId())
                .issueUnder("an-earlier-registration"));
        assertThat(services.sync().reach(bound.bindingId())).isEqualTo(SyncService.Reach.OTHER_BACKEND);

        services.lifecycle().transition(agent, bound.bindingId(), com.payband.console.binding.ReasonCode.STOLEN,
                Optional.empty());
        services.sync().push();
        assertThat(services.sync().status(admin).keptElsewhere()).isZero();
        assertThat(services.sync().reach(bound.bindingId())).isEqualTo(SyncService.Reach.BACKEND);
        assertThat(backend.issuer().binding(bound.bindingId().toString()).orElseThrow().state()).isEqualTo("DEACTIVATED");
    }

    private record Bound(StaffSession clerk, StaffSession agent, java.util.UUID customer,
            com.payband.console.enrollment.Enrolled enrolled) {
    }

    /**
     * The store's backend is gone for good (its provider closed it) while a loss reported here waits for it: the
     * replacement is refused until the administrator says so in as many words; then it goes through, the waiting change
     * stays in force here and is kept here only (never sent to a backend that cannot act on it), and the registration's
     * audit record counts it. A code refused that way is not used up.
     */
    @Test
    void aRegistrationWhoseBackendIsGoneForGoodIsReplacedOnlyOnTheAdministratorsWord() throws Exception {
        var clerk = TestStores.staff(services, "clerk", com.payband.console.staff.Role.RETAIL_STAFF);
        var agent = TestStores.staff(services, "agent", com.payband.console.staff.Role.SUPPORT_AGENT);
        var zhang = TestStores.customer(services, clerk, "zhang-wei");
        TcpRelay gone = new TcpRelay(backend.uri());
        services.backend().register(admin, gone.url(), backend.code(), "Shop");
        var enrolled = services.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100002"),
                TestStores.phoneOf(services, clerk, zhang), step -> { });
        services.sync().push();
        gone.close(); // the old backend answers no more
        services.lifecycle().transition(agent, enrolled.bindingId(), com.payband.console.binding.ReasonCode.LOST,
                Optional.empty());
        assertThat(services.outbox().pendingCount()).isEqualTo(1);

        try (TestBackend other = TestBackend.start(dir.resolve("other-backend"))) {
            String code = other.code();
            assertThatThrownBy(() -> services.sync().register(admin, other.url(), code, "Shop", true))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.reason())
                            .isEqualTo(BackendException.Reason.CHANGES_NOT_SENT));
            assertThat(services.backend().link().orElseThrow().url()).startsWith(gone.url());

            BackendLink moved = services.sync().register(admin, other.url(), code, "Shop", true, true);
            assertThat(moved.url()).contains(other.uri().getAuthority());
            List<String> said = new ArrayList<>();
            services.audit().forEach(AuditQuery.all(), e -> {
                if (e.action() == AuditAction.BACKEND_REGISTERED && e.outcome() == Outcome.SUCCESS) {
                    said.add(e.detail().orElse(""));
                }
            });
            assertThat(said).last().asString().contains("replacing " + gone.url())
                    .contains("kept here only, never sent to it: changes 1 (lost or stolen reports 1)");

            services.sync().push();
            SyncService.Status status = services.sync().status(admin);
            assertThat(status.keptElsewhere()).isEqualTo(1);
            assertThat(status.queued()).isZero();
            assertThat(status.lastError()).isEmpty();
            assertThat(other.events().eventsOf(enrolled.bindingId().toString())).isEmpty();
            assertThat(services.lifecycle().bindingById(enrolled.bindingId()).orElseThrow().state())
                    .isEqualTo(com.payband.console.binding.BindingState.SUSPENDED);
            assertThat(services.sync().reach(enrolled.bindingId())).isEqualTo(SyncService.Reach.OTHER_BACKEND);
        }
    }

    /** Registered with the test's backend, a customer's band PB100002 bound there and pushed (it has every change). */
    private Bound boundAtTheFirstBackend() throws Exception {
        services.backend().register(admin, backend.url(), backend.code(), "Shop");
        var clerk = TestStores.staff(services, "clerk", com.payband.console.staff.Role.RETAIL_STAFF);
        var agent = TestStores.staff(services, "agent", com.payband.console.staff.Role.SUPPORT_AGENT);
        var zhang = TestStores.customer(services, clerk, "zhang-wei");
        var enrolled = services.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100002"),
                TestStores.phoneOf(services, clerk, zhang), step -> { });
        services.sync().push();
        assertThat(services.sync().reach(enrolled.bindingId())).isEqualTo(SyncService.Reach.BACKEND);
        return new Bound(clerk, agent, zhang, enrolled);
    }

    /**
     * After registration the backend's CA is pinned: another server at the same address (a rogue backend, a
     * hijacked DNS name) is refused in the handshake, whatever certificate it holds.
     */
    @Test
    void anotherServerAtTheBackendsAddressIsRefused() throws Exception {
        try (TcpRelay address = new TcpRelay(backend.uri());
                TestBackend rogue = TestBackend.start(dir.resolve("rogue"))) {
            services.backend().register(admin, address.url(), backend.code(), "Shop");
            assertThat(services.backend().status(admin).error()).isEmpty();
            address.retarget(rogue.uri());
            assertThat(services.backend().status(admin).error()).hasValueSatisfying(
                    e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.TLS_FAILED));
            assertThat(rogue.events().count()).isZero();
            address.retarget(backend.uri()); // positive control: the real one still answers
            assertThat(services.backend().status(admin).error()).isEmpty();
        }
    }

    /**
     * Someone between the console and the backend (a rogue Wi-Fi, a poisoned DNS entry) relays the registration
     * to the real backend but hands the console their own CA, to read every later call. They do not know the
     * code's secret, so they cannot prove the swapped answer: the console keeps nothing.
     */
    @Test
    void aManInTheMiddleCannotSlipInHisOwnCa() throws Exception {
        BackendCa rogue = BackendCa.openOrCreate(dir.resolve("rogue-ca"), Clock.systemUTC());
        HttpsServer mitm = relaySwappingTheCa(rogue);
        try {
            String code = backend.code();
            assertThatThrownBy(() -> services.backend().register(admin, "https://127.0.0.1:"
                    + mitm.getAddress().getPort(), code, "Shop")).isInstanceOfSatisfying(BackendException.class,
                            e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.ANSWER_NOT_PROVEN));
            assertThat(services.backend().link()).isEmpty();
            assertThat(relayed).as("the relay did reach the backend").hasSize(1);
        } finally {
            mitm.stop(0);
        }
    }

    private final List<String> relayed = new ArrayList<>();

    private HttpsServer relaySwappingTheCa(BackendCa rogue) throws Exception {
        char[] pass = "x".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore ks = rogue.serverKeyStore(pass, List.of());
        kmf.init(ks, pass);
        SSLContext serverSsl = SSLContext.getInstance("TLS");
        serverSsl.init(kmf.getKeyManagers(), null, new SecureRandom());
        SSLContext anyServer = SSLContext.getInstance("TLS");
        anyServer.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        HttpClient toBackend = HttpClient.newBuilder().sslContext(anyServer).build();
        ObjectMapper json = new ObjectMapper();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverSsl));
        server.createContext("/", exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpResponse<String> answer = toBackend.send(HttpRequest.newBuilder(backend.uri()
                        .resolve(exchange.getRequestURI().getPath())).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                relayed.add(answer.body());
                ObjectNode swapped = (ObjectNode) json.readTree(answer.body());
                swapped.put("caCertificatePem", BackendCa.pem(rogue.certificate()));
                byte[] out = json.writeValueAsBytes(swapped);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.statusCode(), out.length);
                exchange.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private long audited(Outcome outcome) {
        long[] n = {0};
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(AuditAction.BACKEND_REGISTERED), Integer.MAX_VALUE), e -> {
                    if (e.outcome() == outcome) {
                        n[0]++;
                    }
                });
        return n[0];
    }
}

package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulator mode with no set-up: the console runs the reference backend's jar as its demo backend (a child process
 * with its own data in the simulator's folder), registers with it by itself and enrolls through its issuer over
 * mutual TLS, as a store's console does with the provider's backend. Closed, the console leaves no backend running;
 * opened again, it finds the same backend on the same port.
 */
class DemoBackendTest {

    /** Built by the reactor before the console's tests (the test command runs {@code mvn verify}). */
    static final Path JAR = Paths.get("..", "backend", "target", "payband-backend.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private ConsoleServices services;

    @AfterEach
    void close() {
        if (services != null) {
            services.close();
        }
    }

    private ConsoleServices open(boolean create) throws Exception {
        assertThat(JAR).as("the backend's jar (mvn package in backend/)").isRegularFile();
        ConsoleServices.Options options = TestStores.options(Clock.systemUTC()).withDemoBackend(JAR);
        return create ? TestStores.create(dir.resolve("store"), options) : TestStores.open(dir.resolve("store"), options);
    }

    @Test
    void theSimulatorEnrollsThroughItsOwnBackendAndLeavesNothingRunning() throws Exception {
        services = open(true);
        StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        assertThat(services.backend().link()).as("nothing started before it is needed").isEmpty();
        assertThat(services.demoBackend().orElseThrow().process()).isEmpty();

        Enrolled enrolled = services.enrollment().enroll(clerk, zhang, new BandSerial("PB100001"),
                TestStores.phoneOf(services, clerk, zhang), s -> { });
        assertThat(services.simulator().radio().band(new BandSerial("PB100001")).orElseThrow().state())
                .isEqualTo(BandState.BOUND);
        // registered by the console itself, audited as the system's act, and the issuer is the backend's
        BackendLink link = services.backend().link().orElseThrow();
        assertThat(link.url()).startsWith("https://127.0.0.1:");
        assertThat(services.backend().demo()).isTrue();
        java.util.List<AuditEvent> registered = new java.util.ArrayList<>();
        services.audit().forEach(new com.payband.console.audit.AuditQuery(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(
                        AuditAction.BACKEND_REGISTERED), Integer.MAX_VALUE), registered::add);
        assertThat(registered).singleElement().satisfies(e -> assertThat(e.actorName()).isEqualTo("system"));
        // the payment is checked by the backend's issuer, which knows the binding ACTIVE from the outbox
        String code = services.simulator().customerShowsPaymentCode(zhang, enrolled.serial()).text();
        assertThat(services.enrollment().verifyPayment(clerk, enrolled.bindingId(), code, s -> { }))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        assertThat(services.sync().syncNow(TestStores.admin(services)).sent()).isGreaterThanOrEqualTo(0);
        assertThat(services.outbox().pendingCount()).isZero();
        // the backend's own data, in the simulator's folder: its database and software issuer keys
        Path backendData = dir.resolve("store").resolve("simulator").resolve("backend");
        assertThat(backendData.resolve("issuer")).isDirectory();
        assertThat(Files.readString(backendData.resolve("backend.log"))).contains("never production");

        ProcessHandle process = services.demoBackend().orElseThrow().process().orElseThrow();
        services.close();
        services = null;
        assertThat(process.isAlive()).as("the demo backend stops with the console").isFalse();

        // opened again: the same backend (same link, same port), and what it knows is still there
        services = open(false);
        StaffSession again = TestStores.admin(services);
        assertThat(services.sync().syncNow(again).sent()).isZero();
        assertThat(services.backend().link().orElseThrow().url()).isEqualTo(link.url());
        assertThat(services.issuer().bindingState(enrolled.bindingId()))
                .contains(com.payband.console.binding.BindingState.ACTIVE);
    }

    @Test
    void aConsoleRegisteredWithItsProvidersBackendNeverStartsTheDemoOne() throws Exception {
        try (TestBackend provider = TestBackend.start(dir.resolve("provider"))) {
            services = open(true);
            services.backend().register(TestStores.admin(services), provider.url(), provider.code(), "Shop");
            assertThat(services.backend().demo()).isFalse();
            StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
            Enrolled enrolled = services.enrollment().enroll(clerk, zhang, new BandSerial("PB100002"),
                    TestStores.phoneOf(services, clerk, zhang), s -> { });
            services.sync().syncNow(TestStores.admin(services));
            assertThat(provider.issuer().binding(enrolled.bindingId().toString())).isPresent();
            assertThat(java.net.URI.create(services.backend().link().orElseThrow().url()).getPort())
                    .isEqualTo(provider.uri().getPort());
            assertThat(services.demoBackend().orElseThrow().process()).as("no demo backend started").isEmpty();
            assertThat(dir.resolve("store").resolve("simulator").resolve("backend").resolve("backend.json"))
                    .doesNotExist();
        }
    }
}

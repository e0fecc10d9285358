package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.ReasonCode;
import com.payband.console.staff.Role;
import com.payband.console.sync.TestBackend;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console killed (-9) in the middle of a push, as a power cut would: some batches are at the backend, one may be
 * stored there and not yet marked sent here. The next sync sends what is left; the backend ends up with every event
 * exactly once, each binding's in the order the console wrote them.
 */
class ConsoleKilledMidPushTest {

    private static final int BINDINGS = 3000; // 6,000 events: a dozen batches, a few seconds of pushing

    @TempDir
    Path dir;

    @TempDir
    Path backendDir;

    @Test
    void nothingIsLostOrDuplicatedWhenTheConsoleDiesDuringAPush() throws Exception {
        try (TestBackend backend = TestBackend.start(backendDir)) {
            List<UUID> bindings = new ArrayList<>();
            try (ConsoleServices services = TestStores.create(dir, Clock.systemUTC())) {
                services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Shop");
                var clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
                UUID customer = services.customers().register(clerk, SampleDocuments.byName("zhang-wei").orElseThrow()
                        .document(Clock.systemUTC()), new ReaderInfo("sim:test", "test", ReaderKind.SIMULATOR, true))
                        .customerId();
                for (int i = 0; i < BINDINGS; i++) {
                    UUID binding = services.lifecycle().begin(clerk, String.format("PB-KILL-%05d", i), new byte[65],
                            "C0:00:00:00:00:01", customer, true, TestStores.anyPhone());
                    services.lifecycle().transition(clerk, binding, ReasonCode.BIND_CONFIRMED, Optional.empty());
                    bindings.add(binding);
                }
            }
            long total = 2L * BINDINGS;

            PaybandProcess admin = PaybandProcess.on(dir).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE)
                    .as(TestStores.ADMIN, TestStores.PASSWORD);
            long atKill;
            try (PaybandProcess.Running pushing = admin.start(com.payband.console.Launcher.class, "sync", "now")) {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (backend.events().count() < 500 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                pushing.killHard();
                atKill = backend.events().count();
            }
            assertThat(atKill).as("killed in the middle of the push").isBetween(500L, total - 1);

            try (ConsoleServices services = TestStores.open(dir)) {
                var report = services.sync().syncNow(TestStores.admin(services));
                assertThat(report.sent() + atKill).as("what was left, plus a batch the backend had and this console"
                        + " had not marked").isGreaterThanOrEqualTo(total);
                assertThat(services.outbox().pendingCount()).isZero();
                assertThat(backend.events().count()).isEqualTo(total);
                for (UUID b : bindings) {
                    List<String> written = services.database().inTransaction(s -> s.createSelectionQuery(
                            "select e.eventId from OutboxEvent e where e.aggregateId = :a order by e.id", UUID.class)
                            .setParameter("a", b.toString()).getResultList()).stream().map(UUID::toString).toList();
                    assertThat(backend.events().eventsOf(b.toString())).as("binding " + b).isEqualTo(written);
                }
                assertThat(services.audit().verify().intact()).isTrue();
            }
        }
    }
}

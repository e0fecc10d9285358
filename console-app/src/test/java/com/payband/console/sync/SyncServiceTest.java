package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.ReasonCode;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox reaches a real backend (over mutual TLS, through a cable the test can cut): every change once, in
 * order per binding, whatever is lost on the way; nothing leaves the queue that the backend has not answered for.
 */
class SyncServiceTest {

    private static final ReaderInfo READER = new ReaderInfo("sim:test", "test simulator", ReaderKind.SIMULATOR, true);

    @TempDir
    Path dir;

    private ConsoleServices services;
    private StaffSession clerk;
    private TestBackend backend;
    private TcpRelay cable;
    private int serial;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir.resolve("store"), Clock.systemUTC());
        clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF, Role.SUPPORT_AGENT);
        backend = TestBackend.start(dir.resolve("backend"));
        cable = new TcpRelay(backend.uri());
        services.backend().register(TestStores.admin(services), cable.url(), backend.code(), "Shop");
    }

    @AfterEach
    void close() throws Exception {
        services.close();
        cable.close();
        backend.close();
    }

    @Test
    void everyChangeReachesTheBackendOnceInOrderPerBinding() throws Exception {
        List<UUID> bindings = bind(5);
        assertThat(services.sync().status(clerk).queued()).isEqualTo(10);

        assertSent(services.sync().syncNow(clerk), 10, 0);
        assertThat(backend.events().count()).isEqualTo(10);
        for (UUID b : bindings) {
            assertThat(backend.events().eventsOf(b.toString())).hasSize(2);
        }
        SyncService.Status status = services.sync().status(clerk);
        assertThat(status.queued()).isZero();
        assertThat(status.lastSuccess()).isPresent();
        assertThat(status.lastError()).isEmpty();
        // the store's audit chain head went with the push: a rollback of this store would be caught there
        assertThat(backend.events().anchorOf(services.backend().link().orElseThrow().consoleId()))
                .contains(services.audit().head());

        // nothing new: nothing sent
        assertSent(services.sync().syncNow(clerk), 0, 0);
        assertThat(backend.events().count()).isEqualTo(10);
    }

    @Test
    void anAnswerLostOnTheWayIsSentAgainAndStoredOnce() throws Exception {
        bind(30); // 60 events: a request well over a TLS handshake's size
        cable.loseAnswers(true);
        assertThatThrownBy(() -> services.sync().syncNow(clerk)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.UNREACHABLE));
        assertThat(cable.answersLost.get()).isPositive();
        // the backend has them; the console does not know it
        assertThat(backend.events().count()).isEqualTo(60);
        assertThat(services.sync().status(clerk).queued()).isEqualTo(60);
        assertThat(services.sync().status(clerk).lastError()).contains("UNREACHABLE");

        cable.loseAnswers(false);
        SyncService.PushReport report = services.sync().syncNow(clerk);
        assertSent(report, 60, 0);
        assertThat(report.duplicates()).isEqualTo(60);
        assertThat(backend.events().count()).isEqualTo(60);
        assertThat(services.sync().status(clerk).lastError()).isEmpty();
    }

    /**
     * The console reads and signs the next batch while the backend takes one: when that one's answer is lost, the push
     * stops there, the batch read behind it is not sent, and every event still arrives once, in order per binding.
     */
    @Test
    void aBatchWhoseAnswerIsLostStopsThePushBeforeTheNextOneLeaves() throws Exception {
        // batches of 59 (an answer of 59 results is one the cable loses; a binding's two events fall in two
        // batches), four of them queued
        SyncService in59s = new SyncService(services.database(), services.outbox(), services.audit(),
                services.backend(), services.lifecycle(), services.authorizer(), Clock.systemUTC(), () -> null,
                new com.payband.console.binding.BackendRevocationList(services.database()), 59);
        List<UUID> bindings = bind(90);
        cable.loseAnswers(true);
        assertThatThrownBy(in59s::pushOutbox).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.UNREACHABLE));
        assertThat(backend.events().count()).as("the first batch only: the second waited for its answer")
                .isEqualTo(59);
        assertThat(services.outbox().pendingCount()).isEqualTo(180);

        cable.loseAnswers(false);
        SyncService.PushReport report = in59s.pushOutbox();
        assertSent(report, 180, 0);
        assertThat(report.duplicates()).isEqualTo(59);
        assertThat(backend.events().count()).isEqualTo(180);
        assertEachBindingsEventsArrivedAsWritten(bindings);
    }

    /**
     * A band reported stolen while a batch is on its way: the next batch, read without the one on its way, takes the
     * report and its binding's earlier events first, each binding's in the order written.
     */
    @Test
    void theBatchAfterOneOnItsWayTakesAReportMadeMeanwhileInOrder() throws Exception {
        List<UUID> bindings = bind(3); // a1 a2 b1 b2 c1 c2
        List<com.payband.console.outbox.Outbox.Pending> onItsWay = services.outbox().pending(3); // a1 a2 b1
        services.lifecycle().transition(clerk, bindings.get(1), ReasonCode.STOLEN, Optional.empty()); // b3, urgent

        List<com.payband.console.outbox.Outbox.Pending> next = services.outbox().pending(3,
                onItsWay.stream().map(com.payband.console.outbox.Outbox.Pending::id).toList());
        List<String> b = written(bindings.get(1));
        assertThat(b).hasSize(3);
        assertThat(onItsWay.stream().map(p -> p.eventId().toString()).toList()).endsWith(b.get(0));
        assertThat(next.stream().map(p -> p.eventId().toString()).toList().subList(0, 2))
                .as("b2 and the report b3, before c's").containsExactly(b.get(1), b.get(2));
        assertThat(next.get(2).aggregateId()).isEqualTo(bindings.get(2).toString());
    }

    @Test
    void aConnectionAMiddleboxForgotWhileIdleIsOpenedAgainAndThePushGoesThrough() throws Exception {
        bind(2);
        assertSent(services.sync().syncNow(clerk), 4, 0);
        // minutes without a change: the shop's firewall forgot the console's open connection
        cable.forgetIdleConnections();
        bind(1);
        assertSent(services.sync().pushOutbox(), 2, 0);
        assertThat(backend.events().count()).isEqualTo(6);
        assertThat(services.sync().status(clerk).lastError()).isEmpty();
    }

    @Test
    void whileTheBackendIsDownChangesWaitAndArriveWhenItIsBack() throws Exception {
        bind(3);
        backend.close();
        assertThatThrownBy(() -> services.sync().syncNow(clerk)).isInstanceOf(BackendException.class);
        bind(2);
        assertThat(services.sync().status(clerk).queued()).isEqualTo(10);

        backend = TestBackend.start(dir.resolve("backend")); // the same backend, started again
        cable.retarget(backend.uri());
        assertSent(services.sync().syncNow(clerk), 10, 0);
        assertThat(backend.events().count()).isEqualTo(10);
    }

    /**
     * A long outage: a thousand bindings' changes wait, then fifty bands are reported stolen. When the backend is
     * back the reports leave first (with their bindings' earlier events, so that each binding's order holds), and
     * every event arrives exactly once, in the order it was written per binding.
     */
    @Test
    void stolenReportsLeaveFirstAfterALongOutageAndEveryEventArrivesOnceInOrder() throws Exception {
        backend.close();
        List<UUID> bindings = bind(1000);
        List<UUID> stolen = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i += 20) {
            services.lifecycle().transition(clerk, bindings.get(i), ReasonCode.STOLEN, Optional.empty());
            stolen.add(bindings.get(i));
        }
        assertThat(stolen).hasSize(50);
        assertThat(services.outbox().pendingCount()).isEqualTo(2050);
        assertThat(services.outbox().urgentPendingCount()).as("the reports and their bindings' earlier events")
                .isEqualTo(150);

        backend = TestBackend.start(dir.resolve("backend"));
        cable.retarget(backend.uri());
        assertSent(services.sync().syncNow(clerk), 2050, 0);
        assertThat(backend.events().count()).isEqualTo(2050);
        assertThat(services.outbox().urgentPendingCount()).isZero();

        // the first 150 events the backend received are the stolen bands' bindings'
        java.util.Set<String> stolenIds = new java.util.HashSet<>();
        stolen.forEach(b -> stolenIds.add(b.toString()));
        List<String> firstArrived = backend.store().inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (var q = c.prepareStatement("SELECT aggregate_id FROM sync_event ORDER BY received_seq")) {
                var rs = q.executeQuery();
                while (rs.next() && ids.size() < 150) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
        assertThat(firstArrived).allMatch(stolenIds::contains);

        assertEachBindingsEventsArrivedAsWritten(bindings);
    }

    @Test
    void theBackgroundSyncBacksOffWhileTheBackendIsDownAndCatchesUpWhenItIsBack() throws Exception {
        java.util.concurrent.BlockingQueue<BackgroundSync.Outcome> outcomes =
                new java.util.concurrent.LinkedBlockingQueue<>();
        Backoff quick = new Backoff(java.time.Duration.ofHours(1), java.time.Duration.ofMillis(100),
                java.time.Duration.ofMillis(400));
        try (BackgroundSync background = new BackgroundSync(services.sync(), services.backend(), quick, outcomes::add)) {
            bind(2);
            background.start();
            BackgroundSync.Outcome first = outcomes.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.failure()).isNull();
            assertThat(first.report().sent()).isEqualTo(4);
            assertThat(first.nextIn()).isEqualTo(java.time.Duration.ofHours(1));

            backend.close();
            bind(1);
            background.pushSoon();
            for (int failures = 1; failures <= 3; failures++) {
                BackgroundSync.Outcome failed = outcomes.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(failed).isNotNull();
                assertThat(failed.failure()).isNotNull();
                long full = Math.min(400, 100L << (failures - 1));
                assertThat(failed.nextIn().toMillis()).as("wait after failure " + failures)
                        .isBetween(full / 2, full);
            }
            backend = TestBackend.start(dir.resolve("backend"));
            cable.retarget(backend.uri());
            BackgroundSync.Outcome back;
            do {
                back = outcomes.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(back).isNotNull();
            } while (back.failure() != null);
            assertThat(back.report().sent()).isEqualTo(2);
            assertThat(backend.events().count()).isEqualTo(6);
        }
    }

    private List<UUID> bind(int n) throws Exception {
        List<UUID> bindings = new ArrayList<>();
        UUID customer = services.customers().register(clerk,
                SampleDocuments.byName("zhang-wei").orElseThrow().document(Clock.systemUTC()), READER).customerId();
        for (int i = 0; i < n; i++) {
            UUID binding = services.lifecycle().begin(clerk, "PB-SYNC-" + (++serial), new byte[65],
                    "C0:00:00:00:00:0" + (serial % 10), customer, true, TestStores.anyPhone());
            services.lifecycle().transition(clerk, binding, ReasonCode.BIND_CONFIRMED, Optional.empty());
            bindings.add(binding);
        }
        return bindings;
    }

    /** Each binding's events at the backend: exactly the console's, in the order it wrote them. */
    private void assertEachBindingsEventsArrivedAsWritten(List<UUID> bindings) {
        for (UUID b : bindings) {
            assertThat(backend.events().eventsOf(b.toString())).as("binding " + b).isEqualTo(written(b));
        }
    }

    /** The binding's event ids in the order this console wrote them. */
    private List<String> written(UUID binding) {
        return services.database().inTransaction(x -> x.createSelectionQuery(
                "select e.eventId from OutboxEvent e where e.aggregateId = :a order by e.id", UUID.class)
                .setParameter("a", binding.toString()).getResultList()).stream().map(UUID::toString).toList();
    }

    private static void assertSent(SyncService.PushReport report, int sent, int rejected) {
        assertThat(report.sent()).as("sent").isEqualTo(sent);
        assertThat(report.rejected()).as("rejected").isEqualTo(rejected);
        assertThat(report.queued()).as("queued").isZero();
    }
}

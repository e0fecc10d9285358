package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.SyntheticCards;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.consent.ConsentText;
import com.payband.console.enrollment.CustomerPhone;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.enrollment.EnrollmentQueue;
import com.payband.console.enrollment.QueuedEnrollment;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrolling while the backend is down: the document, the consent, the phone and the band's checks are taken with the
 * customer at the counter, the bind waits in the queue and is made when the backend answers again, against the real
 * backend over mutual TLS (through a cable the test cuts and mends).
 */
class EnrollmentQueueTest {

    private static final ReaderInfo READER = new ReaderInfo("sim:test", "test simulator", ReaderKind.SIMULATOR, true);

    @TempDir
    Path dir;

    private ConsoleServices services;
    private CabledBackend backend;
    private StaffSession clerk;
    private StaffSession agent;
    private EnrollmentQueue queue;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir.resolve("store"));
        backend = CabledBackend.start(dir.resolve("backend"));
        services.backend().register(TestStores.admin(services), backend.url(), backend.backend().code(), "Shop");
        clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
        queue = services.enrollmentQueue();
    }

    @AfterEach
    void close() throws Exception {
        services.close();
        backend.close();
    }

    private void backendDown() {
        backend.down();
    }

    private void backendBack() throws Exception {
        backend.back();
    }

    private void backendBack(int authorisationsPerMinute) throws Exception {
        backend.back(authorisationsPerMinute);
    }

    @Test
    void anEnrollmentThatWaitedMoreThanThreeDaysEndsUnboundAndTheCustomerIsCalled() throws Exception {
        com.payband.console.MutableClock clock = new com.payband.console.MutableClock(java.time.Instant.now());
        try (ConsoleServices store = TestStores.create(dir.resolve("store-3-days"), clock)) {
            store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Shop 2");
            StaffSession clerk2 = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
            UUID zhang = TestStores.customer(store, clerk2, "zhang-wei");
            BandSerial serial = new BandSerial("PB100001");
            backendDown();
            store.enrollmentQueue().queue(clerk2, zhang, serial, TestStores.phoneOf(store, clerk2, zhang));
            clock.advance(EnrollmentQueue.MAX_WAIT.plusHours(1));
            backendBack();
            EnrollmentQueue.Round round = store.enrollmentQueue().finish(clerk2, q -> { });
            assertThat(round.failed()).isEqualTo(1);
            assertThat(round.bound()).isZero();
            assertThat(store.enrollmentQueue().waitingCount()).isZero();
            assertThat(store.simulator().band(serial).state()).isEqualTo(BandState.FACTORY);
            assertThat(store.enrollmentQueue().endedSince(clock.instant().minus(java.time.Duration.ofDays(7))))
                    .singleElement().satisfies(q -> {
                        assertThat(q.state()).isEqualTo(QueuedEnrollment.State.FAILED);
                        assertThat(q.lastError()).contains("EXPIRED");
                    });
        }
    }

    @Test
    void whileTheBackendIsDownTheBindWaitsAndIsMadeWhenItIsBack() throws Exception {
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        CustomerPhone phone = TestStores.phoneOf(services, clerk, zhang);
        BandSerial serial = new BandSerial("PB100001");
        backendDown();
        assertThatThrownBy(() -> services.enrollment().enroll(clerk, zhang, serial, phone, s -> { }))
                .isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.ISSUER_UNAVAILABLE));

        QueuedEnrollment waiting = queue.queue(clerk, zhang, serial, phone);
        assertThat(waiting.state()).isEqualTo(QueuedEnrollment.State.WAITING);
        assertThat(waiting.queuedBy()).isEqualTo("clerk");
        assertThat(queue.waiting()).extracting(QueuedEnrollment::bandSerial).containsExactly("PB100001");
        assertThat(events(AuditAction.ENROLLMENT_QUEUED)).singleElement()
                .satisfies(e -> assertThat(e.actorName()).isEqualTo("clerk"));
        // queued once: a second clerk queuing the same band is told it already waits
        assertThatThrownBy(() -> queue.queue(clerk, zhang, serial, phone)).isInstanceOfSatisfying(
                EnrollmentException.class, e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.ALREADY_QUEUED));

        // still down: the round stops at once, the entry keeps its place
        EnrollmentQueue.Round down = queue.finish(clerk, q -> { });
        assertThat(down.issuerUnavailable()).isTrue();
        assertThat(down.stillWaiting()).isEqualTo(1);
        assertThat(queue.waiting()).singleElement().satisfies(q -> {
            assertThat(q.attempts()).isEqualTo(1);
            assertThat(q.lastError()).contains("ISSUER_UNAVAILABLE");
        });
        assertThat(band(serial).state()).isEqualTo(BandState.FACTORY);

        // the queue binds with the phone accepted when it was queued (its code's freshness was checked then)
        backendBack();
        List<QueuedEnrollment> told = new ArrayList<>();
        EnrollmentQueue.Round back = queue.finish(clerk, told::add);
        assertThat(back.bound()).isEqualTo(1);
        assertThat(back.stillWaiting()).isZero();
        QueuedEnrollment done = told.get(0);
        assertThat(done.state()).isEqualTo(QueuedEnrollment.State.DONE);
        UUID bindingId = done.bindingId().orElseThrow();
        assertThat(services.lifecycle().bindingById(bindingId).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        assertThat(band(serial).state()).isEqualTo(BandState.BOUND);
        assertThat(queue.waiting()).isEmpty();
        // the customer had gone when it was bound: nobody saw it pay, so the binding says so until someone does
        assertThat(services.lifecycle().bindingById(bindingId).orElseThrow().paymentCheckDue()).isTrue();
        assertThat(queue.boundAwaitingPaymentCheck(java.time.Instant.now().minus(java.time.Duration.ofDays(7))))
                .extracting(QueuedEnrollment::bandSerial).containsExactly("PB100001");
        // another band's code, or one the issuer refuses, checks nothing
        assertThatThrownBy(() -> services.enrollment().verifyPayment(clerk, bindingId, "PAY1.garbage", s -> { }))
                .isInstanceOf(EnrollmentException.class);
        // a member who may not enroll cannot clear it either
        StaffSession technician = TestStores.staff(services, "tech", Role.FIELD_TECHNICIAN);
        assertThatThrownBy(() -> services.enrollment().verifyPayment(technician, bindingId,
                services.simulator().customerShowsPaymentCode(zhang, serial).text(), s -> { }))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(services.lifecycle().bindingById(bindingId).orElseThrow().paymentCheckDue()).isTrue();
        // the customer comes back: bound by the backend's issuer for their own phone, its payment code is accepted
        String code = services.simulator().customerShowsPaymentCode(zhang, serial).text();
        assertThat(services.enrollment().verifyPayment(clerk, bindingId, code, s -> { })).isEqualTo(PaymentVerdict.ACCEPTED);
        assertThat(backend.backend().issuer().binding(bindingId.toString()).orElseThrow().state()).isEqualTo("ACTIVE");
        assertThat(services.lifecycle().bindingById(bindingId).orElseThrow().paymentCheckDue()).isFalse();
        assertThat(queue.boundAwaitingPaymentCheck(java.time.Instant.now().minus(java.time.Duration.ofDays(7)))).isEmpty();
    }

    @Test
    void aBandThatCanNeverBeBoundIsRefusedAtTheCounterAndOneAwayOrFlatMeanwhileWaits() throws Exception {
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        CustomerPhone phone = TestStores.phoneOf(services, clerk, zhang);
        backendDown();
        // the band's own checks need no issuer: a counterfeit or a flat band is refused while the customer is here
        assertThatThrownBy(() -> queue.queue(clerk, zhang, new BandSerial("PB500001"), phone)).isInstanceOfSatisfying(
                EnrollmentException.class, e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.COUNTERFEIT));
        assertThatThrownBy(() -> queue.queue(clerk, zhang, new BandSerial("PB400001"), phone)).isInstanceOfSatisfying(
                EnrollmentException.class, e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.BATTERY_LOW));
        assertThatThrownBy(() -> queue.queue(clerk, zhang, new BandSerial("PB200001"), phone)).isInstanceOfSatisfying(
                EnrollmentException.class, e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.BOUND_TO_ANOTHER));
        assertThat(queue.waiting()).isEmpty();

        BandSerial flat = new BandSerial("PB100002");
        BandSerial away = new BandSerial("PB100003");
        queue.queue(clerk, zhang, flat, phone);
        queue.queue(clerk, zhang, away, phone);
        band(flat).setBattery(3);
        SimulatedBand awayBand = band(away);
        services.simulator().radio().remove(away);

        // a band gone flat or out of range meanwhile keeps its place: charged and back, it is bound
        backendBack();
        EnrollmentQueue.Round round = queue.finish(clerk, q -> { });
        assertThat(round.bound()).isZero();
        assertThat(round.failed()).isZero();
        assertThat(queue.waiting()).extracting(q -> q.bandSerial() + " " + q.lastError().orElse(""))
                .containsExactly("PB100002 BATTERY_LOW", "PB100003 BAND_NOT_FOUND");
        band(flat).setBattery(80);
        services.simulator().radio().add(awayBand, -50);
        assertThat(queue.finish(clerk, q -> { }).bound()).isEqualTo(2);
        assertThat(band(flat).state()).isEqualTo(BandState.BOUND);
        assertThat(band(away).state()).isEqualTo(BandState.BOUND);
    }

    /**
     * Another store binds the band while it waits here: the issuer refuses it for good, the entry ends, audited, and the
     * home screen lists it as refused so that the customer is called.
     */
    @Test
    void aBandBoundInAnotherStoreMeanwhileEndsTheEntry() throws Exception {
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        CustomerPhone phone = TestStores.phoneOf(services, clerk, zhang);
        backendDown();
        QueuedEnrollment waiting = queue.queue(clerk, zhang, new BandSerial("PB100001"), phone);
        backendBack();
        try (ConsoleServices storeB = TestStores.create(dir.resolve("store-b"))) {
            storeB.backend().register(TestStores.admin(storeB), backend.url(), backend.backend().code(), "Store B");
            StaffSession clerkB = TestStores.staff(storeB, "clerk", Role.RETAIL_STAFF);
            UUID ayigul = TestStores.customer(storeB, clerkB, "ayigul");
            storeB.enrollment().enroll(clerkB, ayigul, new BandSerial("PB100001"), TestStores.phoneOf(storeB, clerkB,
                    ayigul), s -> { });
        }
        EnrollmentQueue.Round round = queue.finish(clerk, q -> { });
        assertThat(round.failed()).isEqualTo(1);
        assertThat(queue.entry(waiting.id()).orElseThrow()).satisfies(q -> {
            assertThat(q.state()).isEqualTo(QueuedEnrollment.State.FAILED);
            assertThat(q.lastError()).contains("BOUND_ELSEWHERE");
        });
        assertThat(events(AuditAction.ENROLLMENT_UNQUEUED)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("BOUND_ELSEWHERE"));
        assertThat(queue.endedSince(waiting.queuedAt())).extracting(QueuedEnrollment::id).containsExactly(waiting.id());
    }

    /** The issuer refusing this console itself (revoked) says nothing about the entries: none ends, all wait. */
    @Test
    void aRefusalOfTheConsoleItselfEndsNoEntry() throws Exception {
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        CustomerPhone phone = TestStores.phoneOf(services, clerk, zhang);
        backendDown();
        queue.queue(clerk, zhang, new BandSerial("PB100001"), phone);
        queue.queue(clerk, zhang, new BandSerial("PB100002"), phone);
        backendBack();
        backend.backend().revoke(services.backend().link().orElseThrow().consoleId());
        EnrollmentQueue.Round round = queue.finish(clerk, q -> { });
        assertThat(round.issuerUnavailable()).isTrue();
        assertThat(round.failed()).isZero();
        assertThat(queue.waitingCount()).isEqualTo(2);
        assertThat(events(AuditAction.ENROLLMENT_UNQUEUED)).isEmpty();
    }

    /**
     * A queued band is promised: a direct bind of it is refused (the customer who queued it would lose it), and a phone
     * already queued for one customer is refused for another at once, not after both have left.
     */
    @Test
    void aQueuedBandAndAQueuedPhoneAreNotGivenToAnotherCustomer() throws Exception {
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        UUID ayigul = TestStores.customer(services, clerk, "ayigul");
        CustomerPhone zhangsPhone = TestStores.phoneOf(services, clerk, zhang);
        backendDown();
        queue.queue(clerk, zhang, new BandSerial("PB100001"), zhangsPhone);
        backendBack();
        assertThatThrownBy(() -> services.enrollment().enroll(clerk, ayigul, new BandSerial("PB100001"),
                TestStores.phoneOf(services, clerk, ayigul), s -> { })).isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.ALREADY_QUEUED));
        assertThat(band(new BandSerial("PB100001")).state()).isEqualTo(BandState.FACTORY);

        // zhang's phone key, shown for ayigul: refused while zhang's enrollment waits
        CustomerPhone sameKeyForAyigul = services.enrollment().acceptPhone(clerk, ayigul,
                services.simulator().customerPhone(zhang).keyCode().text());
        assertThatThrownBy(() -> queue.queue(clerk, ayigul, new BandSerial("PB100002"), sameKeyForAyigul))
                .isInstanceOfSatisfying(EnrollmentException.class, e -> assertThat(e.reason())
                        .isEqualTo(EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER));
        assertThat(queue.waitingCount()).isEqualTo(1);
        assertThat(queue.finish(clerk, q -> { }).bound()).isEqualTo(1);
    }

    @Test
    void whenTheIssuerAsksTheConsoleToWaitTheRoundStopsAndTheRestKeepTheirPlace() throws Exception {
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        CustomerPhone phone = TestStores.phoneOf(services, clerk, zhang);
        backendDown();
        List<BandSerial> serials = List.of(new BandSerial("PB100001"), new BandSerial("PB100002"),
                new BandSerial("PB100003"));
        for (BandSerial serial : serials) {
            queue.queue(clerk, zhang, serial, phone);
        }
        backendBack(3); // one bind takes one authorisation here (the bands' clocks are right)
        EnrollmentQueue.Round busy = queue.finish(clerk, q -> { });
        assertThat(busy.issuerUnavailable()).isTrue();
        assertThat(busy.bound()).isEqualTo(3 - busy.stillWaiting());
        assertThat(busy.stillWaiting()).isPositive();
        assertThat(queue.waiting()).first().satisfies(q -> assertThat(q.lastError()).contains("ISSUER_BUSY"));
        assertThat(band(new BandSerial(queue.waiting().get(0).bandSerial())).state()).isEqualTo(BandState.FACTORY);

        backendDown();
        backendBack(1000);
        assertThat(queue.finish(clerk, q -> { }).bound()).isEqualTo(busy.stillWaiting());
        for (BandSerial serial : serials) {
            assertThat(band(serial).state()).isEqualTo(BandState.BOUND);
        }
    }

    @Test
    void onlyThoseWhoEnrollMayQueueFinishOrRemove() throws Exception {
        UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
        CustomerPhone phone = TestStores.phoneOf(services, clerk, zhang);
        StaffSession technician = TestStores.staff(services, "tech", Role.FIELD_TECHNICIAN);
        backendDown();
        assertThatThrownBy(() -> queue.queue(technician, zhang, new BandSerial("PB100001"), phone))
                .isInstanceOf(AccessDeniedException.class);
        QueuedEnrollment waiting = queue.queue(clerk, zhang, new BandSerial("PB100001"), phone);
        assertThatThrownBy(() -> queue.finish(technician, q -> { })).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> queue.remove(technician, waiting.id())).isInstanceOf(AccessDeniedException.class);
        assertThat(queue.waiting()).hasSize(1);

        queue.remove(clerk, waiting.id());
        assertThat(queue.waiting()).isEmpty();
        assertThat(queue.entry(waiting.id()).orElseThrow().state()).isEqualTo(QueuedEnrollment.State.REMOVED);
        assertThat(events(AuditAction.ENROLLMENT_UNQUEUED)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("REMOVED"));
        backendBack();
        assertThat(queue.finish(clerk, q -> { }).bound()).isZero();
        assertThat(band(new BandSerial("PB100001")).state()).isEqualTo(BandState.FACTORY);
    }

    /**
     * The issue's outage: the backend down while 1,000 customers are enrolled (document read, consent taken, phone
     * accepted, band checked: the binds queued) and 50 bands bound before it are reported stolen. When it is back,
     * the stolen reports leave first, every queued enrollment is bound, and every event arrives exactly once, in the
     * order it was written per binding.
     */
    @Test
    void aThousandEnrollmentsQueuedDuringAnOutageAreBoundWhenTheBackendIsBack() throws Exception {
        final int n = 1000;
        Random random = new Random(7);
        backendDown();
        backendBack(100_000); // the default limit (60 a minute) would spread the catch-up over half an hour
        List<UUID> before = new ArrayList<>();
        int customer = 0;
        for (int i = 0; i < 50; i++) {
            UUID id = register(random, customer++);
            SimulatedBand band = services.simulator().unboxNewBand();
            before.add(services.enrollment().enroll(clerk, id, band.serial(), TestStores.phoneOf(services, clerk, id),
                    s -> { }).bindingId());
        }
        services.sync().syncNow(clerk);

        backendDown();
        Set<String> queuedSerials = new HashSet<>();
        for (int i = 0; i < n; i++) {
            UUID id = register(random, customer++);
            SimulatedBand band = services.simulator().unboxNewBand();
            CustomerPhone ph = TestStores.phoneOf(services, clerk, id);
            queue.queue(clerk, id, band.serial(), ph);
            queuedSerials.add(band.serial().value());
        }
        for (UUID stolen : before) {
            services.lifecycle().transition(agent, stolen, ReasonCode.STOLEN, Optional.empty());
        }
        assertThat(queue.waitingCount()).isEqualTo(n);
        assertThat(services.outbox().urgentPendingCount()).isEqualTo(50);

        backendBack(100_000);
        // the window's order: the sync (reports first), then the queue
        services.sync().syncNow(clerk);
        assertThat(services.outbox().urgentPendingCount()).isZero();
        for (UUID stolen : before) {
            assertThat(backend.backend().issuer().binding(stolen.toString()).orElseThrow().state()).isEqualTo("DEACTIVATED");
        }
        EnrollmentQueue.Round round = queue.finish(clerk, q -> { });
        assertThat(round.bound()).isEqualTo(n);
        assertThat(round.failed()).isZero();
        assertThat(queue.waitingCount()).isZero();
        SyncService.PushReport last = services.sync().syncNow(clerk);
        assertThat(last.queued()).isZero();
        assertThat(last.rejected()).isZero();

        List<String> bound = services.database().inTransaction(s -> s.createSelectionQuery(
                "select b.bandSerial from Binding b where b.state = :a", String.class)
                .setParameter("a", BindingState.ACTIVE).getResultList());
        assertThat(new HashSet<>(bound)).isEqualTo(queuedSerials);
        // every event of every binding at the backend exactly once, in the order this console wrote them
        List<UUID> all = services.database().inTransaction(s -> s.createSelectionQuery("select b.id from Binding b",
                UUID.class).getResultList());
        long events = 0;
        for (UUID b : all) {
            List<String> written = services.database().inTransaction(x -> x.createSelectionQuery(
                    "select e.eventId from OutboxEvent e where e.aggregateId = :a order by e.id", UUID.class)
                    .setParameter("a", b.toString()).getResultList()).stream().map(UUID::toString).toList();
            assertThat(backend.backend().events().eventsOf(b.toString())).as("binding " + b).isEqualTo(written);
            events += written.size();
        }
        assertThat(events).isGreaterThanOrEqualTo(2L * (n + 50) + 50);
    }

    private UUID register(Random random, int i) throws Exception {
        UUID id = services.customers().register(clerk, SyntheticCards.resident(random, i), READER).customerId();
        services.consent().record(clerk, id, ConsentText.current(Locale.SIMPLIFIED_CHINESE));
        return id;
    }

    private SimulatedBand band(BandSerial serial) {
        return services.simulator().radio().band(serial).orElseThrow();
    }

    private List<AuditEvent> events(AuditAction action) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), events::add);
        return events;
    }
}

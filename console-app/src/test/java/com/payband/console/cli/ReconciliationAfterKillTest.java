package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.enrollment.EnrollmentService;
import com.payband.console.enrollment.EnrollmentStep;
import com.payband.console.staff.Role;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bind is never half-done: a console process killed outright at each step of an enrollment leaves
 * band, issuer and database that the next start brings together: finished (ACTIVE, band bound to the
 * binding, issuer ACTIVE) or rolled back (FAILED, band free, issuer not holding an active binding).
 */
class ReconciliationAfterKillTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final BandSerial BAND = new BandSerial("PB100001");

    @TempDir
    Path dir;

    /** The store's backend: its issuer prepares, authorises and records every bind, reset and phone change here. */
    @TempDir
    Path backendDir;

    private com.payband.console.sync.TestBackend backend;

    @org.junit.jupiter.api.BeforeEach
    void startBackend() throws Exception {
        backend = com.payband.console.sync.TestBackend.start(backendDir);
    }

    @org.junit.jupiter.api.AfterEach
    void stopBackend() {
        backend.close();
    }

    /** A new store, registered with this test's backend. */
    private ConsoleServices newStore() throws Exception {
        ConsoleServices services = TestStores.create(dir, CLOCK);
        try {
            services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Shop");
        } catch (Exception | Error e) {
            services.close();
            throw e;
        }
        return services;
    }

    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(value = EnrollmentStep.class, names = {"CHECKING_BAND", "SETTING_CLOCK", "RECORDED_PENDING",
            "ISSUER_PREPARED", "BAND_BOUND", "CONFIRMED"})
    void aConsoleKilledDuringABindIsReconciledAtItsNextStart(EnrollmentStep killedAt) throws Exception {
        UUID customer = enrollAndKillAt(killedAt);

        try (ConsoleServices services = TestStores.open(dir)) {
            var clerk = services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray());
            List<EnrollmentService.Reconciliation> results = services.enrollment().reconcilePending(clerk);
            services.sync().pushOutbox(); // the backend's issuer learns what became of the bind from the outbox
            SimulatedBand band = services.simulator().radio().band(BAND).orElseThrow();
            Optional<Binding> binding = services.lifecycle().latestBindingOfBand(BAND.value());
            boolean pendingWasRecorded = killedAt.compareTo(EnrollmentStep.RECORDED_PENDING) >= 0;
            boolean bandTookIt = killedAt.compareTo(EnrollmentStep.BAND_BOUND) >= 0;

            assertThat(binding.isPresent()).isEqualTo(pendingWasRecorded);
            assertThat(results).hasSize(pendingWasRecorded && killedAt != EnrollmentStep.CONFIRMED ? 1 : 0);
            assertThat(results).allSatisfy(r -> assertThat(r.resolved()).isTrue());
            if (bandTookIt) {
                UUID id = binding.orElseThrow().id();
                assertThat(binding.get().state()).isEqualTo(BindingState.ACTIVE);
                assertThat(band.state()).isEqualTo(BandState.BOUND);
                assertThat(band.bindingId()).contains(id);
                assertThat(band.linkedPhone()).contains(services.simulator().customerPhone(customer).key());
                assertThat(services.issuer().bindingState(id)).contains(BindingState.ACTIVE);
            } else {
                binding.ifPresent(b -> {
                    assertThat(b.state()).isEqualTo(BindingState.FAILED);
                    try {
                        assertThat(services.issuer().bindingState(b.id())).isNotEqualTo(Optional.of(BindingState.ACTIVE));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                assertThat(band.state()).isEqualTo(BandState.FACTORY);
                // and the band can be enrolled now
                assertThat(services.enrollment().enroll(clerk, customer, BAND, TestStores.phoneOf(services, clerk, customer),
                        s -> { }).bindingId()).isNotNull();
            }
            assertThat(services.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void theNextEnrollmentOfABandLeftPendingByAKillFinishesItFirstInsteadOfRefusingTheBand() throws Exception {
        UUID customer = enrollAndKillAt(EnrollmentStep.ISSUER_PREPARED);
        try (ConsoleServices services = TestStores.open(dir)) {
            var clerk = services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray());
            UUID left = services.lifecycle().latestBindingOfBand(BAND.value()).orElseThrow().id();
            // no "band reconcile" by hand: the clerk simply enrolls the band again
            List<EnrollmentStep> steps = new java.util.ArrayList<>();
            UUID bound = services.enrollment().enroll(clerk, customer, BAND, TestStores.phoneOf(services, clerk, customer),
                    steps::add).bindingId();
            assertThat(steps).contains(EnrollmentStep.SETTLING_UNFINISHED);
            assertThat(bound).isNotEqualTo(left);
            assertThat(services.lifecycle().bindingById(left).orElseThrow().state()).isEqualTo(BindingState.FAILED);
            assertThat(services.lifecycle().bindingById(bound).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        }
    }

    /**
     * No one reconciles by hand: the window of a console registered with its backend decides by itself, once its first
     * sync succeeds, what a kill left PENDING: from the issuer's record (never prepared there: rolled back) or from
     * the band (bound with it: confirmed; still factory-new: rolled back). Each outcome is the system's, audited.
     */
    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(value = EnrollmentStep.class, names = {"RECORDED_PENDING", "ISSUER_PREPARED", "BAND_BOUND"})
    void theWindowDecidesABindLeftUnfinishedByItselfOnceItsIssuerCanBeAsked(EnrollmentStep killedAt) throws Exception {
        UUID customer = enrollAndKillAt(killedAt);
        ConsoleServices services = TestStores.open(dir);
        UUID left = services.lifecycle().latestBindingOfBand(BAND.value()).orElseThrow().id();
        assertThat(services.lifecycle().bindingById(left).orElseThrow().state()).isEqualTo(BindingState.PENDING);
        boolean bandTookIt = killedAt == EnrollmentStep.BAND_BOUND;
        BindingState expected = bandTookIt ? BindingState.ACTIVE : BindingState.FAILED;
        // the window owns the services from here and closes them
        try (var window = com.payband.console.ui.UiTestContexts.open(dir, services, null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (services.lifecycle().bindingById(left).orElseThrow().state() == BindingState.PENDING
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(services.lifecycle().bindingById(left).orElseThrow().state()).isEqualTo(expected);
            SimulatedBand band = services.simulator().radio().band(BAND).orElseThrow();
            assertThat(band.state()).isEqualTo(bandTookIt ? BandState.BOUND : BandState.FACTORY);
            List<com.payband.console.audit.AuditEvent> decided = new java.util.ArrayList<>();
            services.audit().forEach(new com.payband.console.audit.AuditQuery(Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Integer.MAX_VALUE), e -> {
                        if (e.targetId().filter(left.toString()::equals).isPresent()
                                && e.detail().orElse("").contains(bandTookIt ? "holds the binding" : "")
                                && e.actorName().equals("system")) {
                            decided.add(e);
                        }
                    });
            assertThat(decided).as("the decision is audited as the system's").isNotEmpty();
            if (killedAt == EnrollmentStep.RECORDED_PENDING) {
                assertThat(decided).anySatisfy(e -> assertThat(e.detail().orElse(""))
                        .contains("the issuer never prepared the binding"));
            }
            // the band's customer can be enrolled (again) or pays: nothing is left half-done
            if (!bandTookIt) {
                var clerk = services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray());
                assertThat(services.enrollment().enroll(clerk, customer, BAND, TestStores.phoneOf(services, clerk,
                        customer), s -> { }).bindingId()).isNotEqualTo(left);
            }
        }
    }

    /**
     * A bind only the band can decide (the issuer prepared it; the band was out of range when the window started and
     * synced) is decided when a scan next hears the band: here the clerk's wizard lists the bands in range, and the
     * unfinished bind is finished without anyone pressing "Finish pending binds".
     */
    @Test
    void aBindOnlyItsBandCanDecideIsFinishedWhenTheWindowNextHearsTheBand() throws Exception {
        enrollAndKillAt(EnrollmentStep.BAND_BOUND);
        ConsoleServices services = TestStores.open(dir);
        UUID left = services.lifecycle().latestBindingOfBand(BAND.value()).orElseThrow().id();
        SimulatedBand band = services.simulator().radio().band(BAND).orElseThrow();
        services.simulator().radio().remove(BAND); // taken home by the customer, back the next day
        try (var window = com.payband.console.ui.ConsoleWindow.on(services)) {
            window.signIn("clerk", TestStores.passwordOf("clerk"));
            // the first sync and the reconciliation after it are over: the band was not heard, the bind waits
            window.waitFor(() -> window.context().syncStatus().get().contains("Synced at"), "the first sync");
            assertThat(services.lifecycle().bindingById(left).orElseThrow().state()).isEqualTo(BindingState.PENDING);

            services.simulator().radio().add(band, -50);
            window.readCardAndTakeConsent();
            window.click("#simulatePhone");
            window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone");
            window.click("#wizardNext"); // the band list: a scan
            window.waitFor(() -> services.lifecycle().bindingById(left).orElseThrow().state() == BindingState.ACTIVE,
                    "the unfinished bind finished once its band was heard");
            assertThat(band.state()).isEqualTo(BandState.BOUND);
            assertThat(band.bindingId()).contains(left);
        }
    }

    /** On the command line the same happens at {@code sync now}: the bind a kill left is decided, and said. */
    @Test
    void syncNowDecidesABindAKillLeftUnfinished() throws Exception {
        enrollAndKillAt(EnrollmentStep.RECORDED_PENDING);
        PaybandProcess clerk = PaybandProcess.on(dir).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE)
                .as("clerk", TestStores.passwordOf("clerk"));
        String said = clerk.run("sync", "now", "--json").expectSuccess().stdout();
        assertThat(said).contains("\"bindsDecided\" : 1").contains("\"bindsStillPending\" : 0");
        assertThat(clerk.run("sync", "now").expectSuccess().stdout()).doesNotContain("Unfinished binds");
        try (ConsoleServices services = TestStores.open(dir)) {
            assertThat(services.lifecycle().latestBindingOfBand(BAND.value()).orElseThrow().state())
                    .isEqualTo(BindingState.FAILED);
        }
    }

    /**
     * A reset is never left unknown: a console killed after it recorded the reset as under way (before the band got
     * it) or after the band reset (before it was recorded) is settled at the next start by asking the band; the
     * outcome is audited in the name of the member who began it, and the band is then reset or enrolled again.
     */
    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(value = com.payband.console.support.ResetStep.class, names = {"RECORDED_UNDER_WAY", "BAND_RESET"})
    void aConsoleKilledDuringAResetIsSettledAtItsNextStart(com.payband.console.support.ResetStep killedAt)
            throws Exception {
        UUID customer;
        UUID binding;
        try (ConsoleServices services = newStore()) {
            var clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            var agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
            customer = TestStores.customer(services, clerk, "zhang-wei");
            binding = services.enrollment().enroll(clerk, customer, BAND, TestStores.phoneOf(services, clerk, customer),
                    s -> { }).bindingId();
            services.lifecycle().transition(agent, binding, com.payband.console.binding.ReasonCode.DAMAGED,
                    Optional.empty());
        }
        PaybandProcess console = PaybandProcess.on(dir).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE);
        try (PaybandProcess.Running dying = console.start(ResetAndDie.class, dir.toString(), "agent", BAND.value(),
                killedAt.name())) {
            dying.awaitLine("STEP " + killedAt, Duration.ofSeconds(60));
            assertThat(dying.release(Duration.ofSeconds(30))).isEqualTo(137);
        }

        boolean bandReset = killedAt == com.payband.console.support.ResetStep.BAND_RESET;
        try (ConsoleServices services = TestStores.open(dir)) {
            SimulatedBand band = services.simulator().radio().band(BAND).orElseThrow();
            assertThat(band.state()).isEqualTo(bandReset ? BandState.FACTORY : BandState.BOUND);
            assertThat(services.support().resetsUnderWay()).as("the stop left it under way").isTrue();

            var settled = services.support().settleInterruptedResets();
            assertThat(settled).singleElement().satisfies(r -> {
                assertThat(r.bindingId()).isEqualTo(binding);
                assertThat(r.reset()).contains(bandReset);
            });
            assertThat(services.support().resetsUnderWay()).isFalse();
            List<String> audited = new java.util.ArrayList<>();
            services.audit().forEach(com.payband.console.audit.AuditQuery.all(), e -> {
                if (e.action() == com.payband.console.audit.AuditAction.BAND_RESET) {
                    audited.add(e.actorName() + " " + e.outcome() + " " + e.detail().orElse(""));
                }
            });
            assertThat(audited).singleElement().asString().startsWith("agent " + (bandReset ? "SUCCESS" : "FAILED"))
                    .contains(bandReset ? "confirmed by the band after the console stopped" : "reset it again");
            assertThat(services.audit().verify().intact()).isTrue();
            var agent = services.staff().signIn("agent", TestStores.passwordOf("agent").toCharArray());
            // a reset the band confirms is in the binding's history with the reason and note it was begun with
            var last = services.lifecycle().historyWithStaff(agent, binding).get(
                    services.lifecycle().historyWithStaff(agent, binding).size() - 1);
            if (bandReset) {
                assertThat(last.step().serviceStep()).contains(
                        com.payband.console.binding.BindingTransition.ServiceStep.BAND_RESET);
                assertThat(last.step().reason()).isEqualTo(com.payband.console.binding.ReasonCode.DAMAGED);
                assertThat(last.staff()).isEqualTo("agent");
                assertThat(last.note()).contains("returned with a cracked strap");
            } else {
                assertThat(last.step().serviceStep()).as("not reset: no such step").isEmpty();
            }

            // nothing is left half-done: the band is reset again, or enrolled again, as usual
            if (!bandReset) {
                services.support().resetRecoveredBand(agent, BAND, Optional.empty());
            }
            assertThat(band.state()).isEqualTo(BandState.FACTORY);
            assertThat(services.enrollment().enroll(agent, customer, BAND, TestStores.phoneOf(services, agent, customer),
                    s -> { }).bindingId()).isNotEqualTo(binding);
        }
    }

    /**
     * A phone change is never left unknown either: a console killed after it recorded the change as under way, after
     * the band freed its slot, or after it linked the new phone, is settled at the next start by asking the band which
     * phone it obeys; that is recorded in the binding's history in the name of the member who began it, with their
     * note, and the phone that pays is the one the record names.
     */
    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(value = com.payband.console.support.PhoneStep.class, names = {"RECORDED_UNDER_WAY", "PHONE_UNLINKED",
            "PHONE_LINKED"})
    void aConsoleKilledDuringAPhoneChangeIsSettledAtItsNextStart(com.payband.console.support.PhoneStep killedAt)
            throws Exception {
        UUID customer;
        UUID binding;
        com.payband.band.protocol.PhoneFingerprint oldPhone;
        try (ConsoleServices services = newStore()) {
            var clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
            customer = TestStores.customer(services, clerk, "zhang-wei");
            binding = services.enrollment().enroll(clerk, customer, BAND, TestStores.phoneOf(services, clerk, customer),
                    s -> { }).bindingId();
            oldPhone = services.lifecycle().bindingById(binding).orElseThrow().phoneFingerprint().orElseThrow();
        }
        PaybandProcess console = PaybandProcess.on(dir).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE);
        try (PaybandProcess.Running dying = console.start(PhoneChangeAndDie.class, dir.toString(), "agent",
                binding.toString(), customer.toString(), killedAt.name())) {
            dying.awaitLine("STEP " + killedAt, Duration.ofSeconds(60));
            assertThat(dying.release(Duration.ofSeconds(30))).isEqualTo(137);
        }

        try (ConsoleServices services = TestStores.open(dir)) {
            SimulatedBand band = services.simulator().radio().band(BAND).orElseThrow();
            var newPhone = services.simulator().customerPhone(customer).key().fingerprint();
            var expected = switch (killedAt) {
                case RECORDED_UNDER_WAY -> Optional.of(oldPhone);
                case PHONE_UNLINKED -> Optional.<com.payband.band.protocol.PhoneFingerprint>empty();
                default -> Optional.of(newPhone);
            };
            assertThat(band.linkedPhone().map(com.payband.band.protocol.PhoneKey::fingerprint)).isEqualTo(expected);
            assertThat(services.support().phoneChangesUnderWay()).as("the stop left it under way").isTrue();

            var settled = services.support().settleInterruptedPhoneChanges();
            assertThat(settled).singleElement().satisfies(p -> {
                assertThat(p.bindingId()).isEqualTo(binding);
                assertThat(p.phone()).isEqualTo(expected);
            });
            assertThat(services.support().phoneChangesUnderWay()).isFalse();
            // the record names the phone the band obeys, in the name of the member who began the change, with the note
            assertThat(services.lifecycle().bindingById(binding).orElseThrow().phoneFingerprint()).isEqualTo(expected);
            var agent = services.staff().signIn("agent", TestStores.passwordOf("agent").toCharArray());
            var history = services.lifecycle().historyWithStaff(agent, binding);
            var last = history.get(history.size() - 1);
            if (killedAt == com.payband.console.support.PhoneStep.RECORDED_UNDER_WAY) {
                assertThat(last.step().serviceStep()).as("nothing changed: no such step").isEmpty();
            } else {
                assertThat(last.step().serviceStep()).contains(killedAt == com.payband.console.support.PhoneStep
                        .PHONE_UNLINKED ? com.payband.console.binding.BindingTransition.ServiceStep.PHONE_UNLINKED
                        : com.payband.console.binding.BindingTransition.ServiceStep.PHONE_LINKED);
                assertThat(last.step().reason()).isEqualTo(com.payband.console.binding.ReasonCode.LOST);
                assertThat(last.staff()).isEqualTo("agent");
                assertThat(last.note()).contains("old phone left in a taxi");
            }
            assertThat(services.audit().verify().intact()).isTrue();
            // and the customer pays with the phone the record names: the new one once linked, the old one otherwise
            if (expected.equals(Optional.of(newPhone))) {
                assertThat(services.simulator().customerShowsPaymentCode(customer, BAND)).isNotNull();
            } else {
                assertThatThrownBy(() -> services.simulator().customerShowsPaymentCode(customer, BAND))
                        .isInstanceOf(com.payband.drivers.band.BandException.class);
            }
        }
    }

    /**
     * A new store registered with the backend, with a customer, and a console process enrolling band PB100001 for
     * them, killed (-9) at a step.
     */
    private UUID enrollAndKillAt(EnrollmentStep step) throws Exception {
        UUID customer;
        try (ConsoleServices services = newStore()) {
            var clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            customer = services.customers().register(clerk, SampleDocuments.byName("zhang-wei").orElseThrow().document(CLOCK),
                    new ReaderInfo("sim:test", "test", ReaderKind.SIMULATOR, true)).customerId();
        }
        PaybandProcess console = PaybandProcess.on(dir).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE);
        try (PaybandProcess.Running dying = console.start(EnrollAndDie.class, dir.toString(), "clerk", customer.toString(),
                BAND.value(), step.name())) {
            dying.awaitLine("STEP " + step, Duration.ofSeconds(60));
            assertThat(dying.release(Duration.ofSeconds(30))).isEqualTo(137);
        }
        return customer;
    }
}

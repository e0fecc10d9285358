package com.payband.console.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.band.protocol.PaymentCode;
import com.payband.drivers.band.sim.BandFault;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrollment of each sample band, with its expected outcome, against a real store registered with a reference backend
 * of its own (its issuer signs) and the simulated world.
 */
class EnrollmentServiceTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    private ConsoleServices services;
    private StaffSession clerk;
    private StaffSession agent;
    private UUID zhang;
    private UUID ayigul;
    private final List<EnrollmentStep> steps = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        services = TestStores.registered(dir, CLOCK);
        clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
        zhang = TestStores.customer(services, clerk, "zhang-wei");
        ayigul = TestStores.customer(services, clerk, "ayigul");
    }

    @AfterEach
    void close() {
        services.close();
    }

    private Enrolled enroll(UUID customer, String serial) throws Exception {
        steps.clear();
        return services.enrollment().enroll(clerk, customer, new BandSerial(serial), TestStores.phoneOf(services, clerk,
                customer), steps::add);
    }

    private SimulatedBand band(String serial) {
        return services.simulator().radio().band(new BandSerial(serial)).orElseThrow();
    }

    private void refused(String serial, EnrollmentException.Reason reason) {
        assertThatThrownBy(() -> enroll(zhang, serial)).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aSimulatorsCardMakesASimulatedBindingEvenWithABandFromARealRadio() throws Exception {
        // the radio as a real one: its bands not the simulator's (the simulator's bands stand in for a real maker's)
        services.simulator().bandRadio().use(services.simulator().radio(), services.simulator().manufacturers(), false,
                false);
        Enrolled enrolled = enroll(zhang, "PB100001"); // Zhang Wei was registered from a simulator's sample card
        assertThat(services.lifecycle().bindingById(enrolled.bindingId()).orElseThrow().simulated()).isTrue();
        assertThat(services.outbox().pending(10)).isNotEmpty().allSatisfy(e -> assertThat(e.simulated()).isTrue());
    }

    @Test
    void aFactoryNewBandIsBoundLockedAndPaysForItsOwner() throws Exception {
        Enrolled enrolled = enroll(zhang, "PB100001");
        assertThat(steps).containsExactly(EnrollmentStep.FINDING_BAND, EnrollmentStep.ATTESTING,
                EnrollmentStep.CHECKING_BAND, EnrollmentStep.RECORDED_PENDING, EnrollmentStep.ISSUER_PREPARED,
                EnrollmentStep.SETTING_CLOCK, EnrollmentStep.BAND_BOUND, EnrollmentStep.CONFIRMED);
        Binding binding = services.lifecycle().bindingById(enrolled.bindingId()).orElseThrow();
        assertThat(binding.state()).isEqualTo(BindingState.ACTIVE);
        assertThat(binding.bindProof()).isPresent();
        assertThat(binding.simulated()).isTrue();
        services.sync().pushOutbox(); // the backend's issuer learns the confirmation from the outbox
        assertThat(services.issuer().bindingState(enrolled.bindingId())).contains(BindingState.ACTIVE);
        SimulatedBand band = band("PB100001");
        assertThat(band.state()).isEqualTo(BandState.BOUND);
        assertThat(band.bindingId()).contains(enrolled.bindingId());
        SimulatedPhone phone = services.simulator().customerPhone(zhang);
        assertThat(band.linkedPhone()).contains(phone.key());
        assertThat(enrolled.phone()).isEqualTo(phone.key().fingerprint());
        assertThat(binding.phoneFingerprint()).contains(phone.key().fingerprint());

        String code = services.simulator().customerShowsPaymentCode(zhang, enrolled.serial()).text();
        assertThat(services.enrollment().verifyPayment(clerk, enrolled.bindingId(), code, s -> { }))
                .isEqualTo(PaymentVerdict.ACCEPTED);

        // the lock: nobody else's bind, nobody else's phone
        assertThatThrownBy(() -> enroll(ayigul, "PB100001")).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.BOUND_TO_ANOTHER));
        assertThatThrownBy(() -> enroll(zhang, "PB100001")).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.ALREADY_ENROLLED));
        SimulatedPhone thief = services.simulator().thiefPhone();
        assertThatThrownBy(() -> thief.pair(band.address())).hasMessageContaining("PHONE_SLOT_TAKEN");
        assertThat(band.linkedPhone()).contains(phone.key());
    }

    @Test
    void aPaymentCodeIsAcceptedOnceAndNotAtAllOnceTheBindingIsSuspended() throws Exception {
        Enrolled enrolled = enroll(zhang, "PB100001");
        PaymentCode code = services.simulator().customerShowsPaymentCode(zhang, enrolled.serial());
        assertThat(services.issuer().verifyPayment(code)).isEqualTo(PaymentVerdict.ACCEPTED);
        assertThat(services.issuer().verifyPayment(code)).isEqualTo(PaymentVerdict.REPLAYED);
        PaymentCode forged = new PaymentCode(code.bindingId(), code.counter() + 5, code.timeStep(), new byte[8]);
        assertThat(services.issuer().verifyPayment(forged)).isEqualTo(PaymentVerdict.FORGED);

        services.lifecycle().transition(agent, enrolled.bindingId(), ReasonCode.LOST, Optional.empty());
        assertThat(services.issuer().verifyPayment(services.simulator().customerShowsPaymentCode(zhang, enrolled.serial())))
                .isEqualTo(PaymentVerdict.BINDING_NOT_ACTIVE);
    }

    @Test
    void aBandBoundToSomeoneElseIsRefusedWithoutSayingWhose() {
        refused("PB200001", EnrollmentException.Reason.BOUND_TO_ANOTHER);
        assertThat(refusals()).extracting(e -> e.reason().orElseThrow()).containsExactly("BOUND_TO_ANOTHER");
    }

    @Test
    void aBandReportedStolenIsRefusedAndFlagged() {
        refused("PB300001", EnrollmentException.Reason.REPORTED_STOLEN);
        assertThat(refusals()).singleElement().satisfies(e -> {
            assertThat(e.reason()).contains("REPORTED_STOLEN");
            assertThat(e.targetId()).contains("PB300001");
        });
    }

    @Test
    void aBandStolenFromACustomerOfThisConsoleIsUselessToTheThief() throws Exception {
        Enrolled enrolled = enroll(zhang, "PB100002");
        services.lifecycle().transition(agent, enrolled.bindingId(), ReasonCode.STOLEN, Optional.empty());
        assertThat(services.lifecycle().revocation(enrolled.bindingId())).isPresent();
        assertThatThrownBy(() -> enroll(ayigul, "PB100002")).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.REPORTED_STOLEN));
    }

    @Test
    void aLowBatteryBandIsRefusedBeforeAnythingIsRecorded() {
        refused("PB400001", EnrollmentException.Reason.BATTERY_LOW);
        assertThat(services.lifecycle().latestBindingOfBand("PB400001")).isEmpty();
    }

    @Test
    void aCounterfeitBandIsRefusedBeforeAnythingElse() {
        refused("PB500001", EnrollmentException.Reason.COUNTERFEIT);
        assertThat(steps).containsExactly(EnrollmentStep.FINDING_BAND, EnrollmentStep.ATTESTING);
        assertThat(services.lifecycle().latestBindingOfBand("PB500001")).isEmpty();
    }

    @Test
    void aBandThatDropsTheLinkAfterTakingTheBindIsReconciledAndConfirmed() throws Exception {
        Enrolled enrolled = enroll(zhang, "PB600001");
        assertThat(services.lifecycle().bindingById(enrolled.bindingId()).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        assertThat(band("PB600001").bindingId()).contains(enrolled.bindingId());
        assertThat(events(AuditAction.BINDING_RECONCILED)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("BIND_CONFIRMED"));
    }

    @Test
    void aBandWhoseClockRunsYearsAheadIsSetByTheIssuerFirst() throws Exception {
        Enrolled enrolled = enroll(zhang, "PB700001");
        assertThat(enrolled.clockWasSet()).isTrue();
        assertThat(Duration.between(CLOCK.instant(), band("PB700001").clock()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(events(AuditAction.BAND_CLOCK_SET)).hasSize(1);
    }

    @Test
    void aLinkLostBeforeTheBandTookTheBindRollsBackAndTheBandCanBeEnrolledAgain() throws Exception {
        band("PB100003").inject(BandFault.DROP_LINK_BEFORE_BIND);
        assertThatThrownBy(() -> enroll(zhang, "PB100003")).isInstanceOfSatisfying(EnrollmentException.class, e -> {
            assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.ROLLED_BACK_LINK_LOST);
            assertThat(services.lifecycle().bindingById(e.bindingId().orElseThrow()).orElseThrow().state())
                    .isEqualTo(BindingState.FAILED);
        });
        assertThat(band("PB100003").state()).isEqualTo(BandState.FACTORY);
        assertThat(enroll(zhang, "PB100003").bindingId()).isNotNull();
    }

    @Test
    void aBandOutOfReachAfterTheBindStaysPendingUntilItIsHeardAgain() throws Exception {
        SimulatedBand band = band("PB100003");
        var radio = services.simulator().radio();
        UUID bindingId;
        band.inject(BandFault.DROP_LINK_AFTER_BIND);
        // the band takes the binding, its link drops, and it walks out of range before anyone can ask it again
        Thread leave = new Thread(() -> {
            try {
                while (band.state() != BandState.BOUND) {
                    Thread.sleep(1);
                }
                radio.remove(band.serial());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        leave.start();
        EnrollmentException pending = null;
        try {
            enroll(zhang, "PB100003");
        } catch (EnrollmentException e) {
            pending = e;
        }
        leave.join();
        assertThat(pending).isNotNull();
        assertThat(pending.reason()).isEqualTo(EnrollmentException.Reason.UNRESOLVED);
        bindingId = pending.bindingId().orElseThrow();
        assertThat(services.lifecycle().bindingById(bindingId).orElseThrow().state()).isEqualTo(BindingState.PENDING);

        radio.add(band, -50);
        List<EnrollmentService.Reconciliation> results = services.enrollment().reconcilePending(clerk);
        assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome()).contains(BindingState.ACTIVE));
        services.sync().pushOutbox();
        assertThat(services.issuer().bindingState(bindingId)).contains(BindingState.ACTIVE);
    }

    private List<AuditEvent> refusals() {
        return events(AuditAction.ENROLLMENT_REFUSED);
    }

    private List<AuditEvent> events(AuditAction action) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), events::add);
        return events;
    }
}

package com.payband.console.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.MutableClock;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.band.BandException;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.PhoneKeyCode;
import com.payband.band.protocol.Status;
import com.payband.drivers.band.sim.BandFault;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anti-theft promise through the console's own services, a real store and the simulated world: a
 * thief's phone against a band enrolled here, a band paired on the shelf, a band whose firmware links
 * another phone, phone codes that are not the customer's, and payment codes once the binding is
 * suspended or deactivated. Every attack fails and the refusals are audited.
 */
class EnrollmentTheftTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    private ConsoleServices services;
    private StaffSession clerk;
    private StaffSession agent;
    private UUID zhang;
    private UUID ayigul;

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
        return services.enrollment().enroll(clerk, customer, new BandSerial(serial),
                TestStores.phoneOf(services, clerk, customer), s -> { });
    }

    private SimulatedBand band(String serial) throws Exception {
        return services.simulator().band(new BandSerial(serial));
    }

    private static void bandSays(ThrowingCallable call, Status status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BandException.class, e -> assertThat(e.status()).contains(status));
    }

    private static void refused(ThrowingCallable call, EnrollmentException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aThiefsPhoneGetsNothingFromABandEnrolledHere() throws Exception {
        Enrolled enrolled = enroll(zhang, "PB100001");
        SimulatedBand band = band("PB100001");
        SimulatedPhone thief = services.simulator().thiefPhone();
        band.putOn(); // on the thief's wrist now
        bandSays(() -> thief.pair(band.address()), Status.PHONE_SLOT_TAKEN);
        bandSays(() -> thief.unlock(band.address()), Status.UNAUTHORISED);
        bandSays(() -> thief.pay(band.address()), Status.NOT_UNLOCKED);
        assertThat(band.linkedPhone()).contains(services.simulator().customerPhone(zhang).key());
        // the owner's own phone still works, and its first code is the first the band ever made
        PaymentCode code = services.simulator().customerShowsPaymentCode(zhang, enrolled.serial());
        assertThat(code.counter()).isEqualTo(1);
        assertThat(services.enrollment().verifyPayment(clerk, enrolled.bindingId(), code.text(), s -> { }))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        // another customer's phone is a stranger to this band too
        bandSays(() -> services.simulator().customerShowsPaymentCode(ayigul, enrolled.serial()), Status.NOT_UNLOCKED);
    }

    @Test
    void aThiefWhoTriedToPairABandOnTheShelfEndsUpWithNothing() throws Exception {
        SimulatedBand band = band("PB100003");
        SimulatedPhone thief = services.simulator().thiefPhone();
        bandSays(() -> thief.pair(band.address()), Status.NOT_BOUND);
        Enrolled enrolled = enroll(zhang, "PB100003");
        assertThat(services.lifecycle().bindingById(enrolled.bindingId()).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        assertThat(band.linkedPhone()).contains(services.simulator().customerPhone(zhang).key());
        band.putOn();
        bandSays(() -> thief.pay(band.address()), Status.NOT_UNLOCKED);
    }

    @Test
    void aBandWithThePairingFlawThatAThiefPairedIsRefusedBeforeAnythingIsRecorded() throws Exception {
        // PB800001: the sample whose firmware lets any phone pair; the thief's phone did, on the shelf
        assertThat(band("PB800001").linkedPhone()).contains(services.simulator().thiefPhone().key());
        refused(() -> enroll(zhang, "PB800001"), EnrollmentException.Reason.PHONE_PRELINKED);
        assertThat(services.lifecycle().latestBindingOfBand("PB800001")).isEmpty();
        assertThat(reasons(AuditAction.ENROLLMENT_REFUSED)).contains("PHONE_PRELINKED");
    }

    @Test
    void aBandThatLinksAnotherPhoneThanTheCustomersIsNeverActiveAndIsReset() throws Exception {
        band("PB100002").inject(BandFault.LINKS_FOREIGN_PHONE);
        assertThatThrownBy(() -> enroll(zhang, "PB100002")).isInstanceOfSatisfying(EnrollmentException.class, e -> {
            assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.PHONE_MISMATCH);
            UUID binding = e.bindingId().orElseThrow();
            assertThat(services.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.FAILED);
            try {
                assertThat(services.issuer().bindingState(binding)).isNotEqualTo(Optional.of(BindingState.ACTIVE));
            } catch (Exception x) {
                throw new AssertionError(x);
            }
        });
        SimulatedBand band = band("PB100002");
        assertThat(band.state()).isEqualTo(BandState.FACTORY);
        assertThat(band.linkedPhone()).isEmpty();
        assertThat(reasons(AuditAction.ENROLLMENT_REFUSED)).contains("PHONE_MISMATCH");
        // reset to factory state, the band can be enrolled properly afterwards
        Enrolled again = enroll(zhang, "PB100002");
        assertThat(band.linkedPhone()).contains(services.simulator().customerPhone(zhang).key());
        assertThat(services.lifecycle().bindingById(again.bindingId()).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
    }

    @Test
    void aBandThatLinksAnotherPhoneAndDropsTheLinkIsRolledBackWhenReconciled() throws Exception {
        SimulatedBand band = band("PB100002");
        band.inject(BandFault.LINKS_FOREIGN_PHONE);
        band.inject(BandFault.DROP_LINK_AFTER_BIND);
        refused(() -> enroll(zhang, "PB100002"), EnrollmentException.Reason.PHONE_MISMATCH);
        assertThat(band.state()).isEqualTo(BandState.FACTORY);
        assertThat(services.lifecycle().latestBindingOfBand("PB100002").orElseThrow().state()).isEqualTo(BindingState.FAILED);
    }

    @Test
    void phoneCodesThatAreNotTheCustomersOwnAreRefusedAndAudited() throws Exception {
        var enrollment = services.enrollment();
        refused(() -> enrollment.acceptPhone(clerk, zhang, "PB100001"), EnrollmentException.Reason.PHONE_CODE_UNREADABLE);
        refused(() -> enrollment.acceptPhone(clerk, zhang, "PBPHONE1:AAAA"), EnrollmentException.Reason.PHONE_CODE_UNREADABLE);
        // a forged code: the thief's key under the owner's phone's signature
        PhoneKeyCode owners = services.simulator().customerPhone(zhang).keyCode();
        PhoneKeyCode forged = new PhoneKeyCode(services.simulator().thiefPhone().key(), owners.created(), owners.signature());
        refused(() -> enrollment.acceptPhone(clerk, zhang, forged.text()), EnrollmentException.Reason.PHONE_CODE_INVALID);
        // a photographed code from an hour ago
        KeyPair phone = P256.generate();
        String old = PhoneKeyCode.create(phone, CLOCK.instant().minus(Duration.ofHours(1))).text();
        refused(() -> enrollment.acceptPhone(clerk, zhang, old), EnrollmentException.Reason.PHONE_CODE_STALE);
        // a phone that already unlocks another customer's band
        enroll(zhang, "PB100001");
        String zhangsPhone = services.simulator().customerPhone(zhang).keyCode().text();
        refused(() -> enrollment.acceptPhone(clerk, ayigul, zhangsPhone), EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER);
        // ... but the same customer may link it to a second band
        assertThat(enrollment.acceptPhone(clerk, zhang, zhangsPhone).key())
                .isEqualTo(PhoneKey.of(services.simulator().customerPhone(zhang).key().encoded()));
        // a phone accepted for one customer binds nobody else's band
        CustomerPhone forZhang = enrollment.acceptPhone(clerk, zhang, zhangsPhone);
        assertThatThrownBy(() -> enrollment.enroll(clerk, ayigul, new BandSerial("PB100002"), forZhang, s -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(reasons(AuditAction.ENROLLMENT_REFUSED)).contains("PHONE_CODE_UNREADABLE", "PHONE_CODE_INVALID",
                "PHONE_CODE_STALE", "PHONE_OF_ANOTHER_CUSTOMER");
    }

    @Test
    void paymentCodesOfASuspendedOrDeactivatedBindingAreRefusedEverywhere() throws Exception {
        Enrolled lost = enroll(zhang, "PB100001");
        Enrolled stolen = enroll(ayigul, "PB100002");
        PaymentCode beforeLoss = services.simulator().customerShowsPaymentCode(zhang, lost.serial());
        assertThat(services.issuer().verifyPayment(beforeLoss)).isEqualTo(PaymentVerdict.ACCEPTED);

        services.lifecycle().transition(agent, lost.bindingId(), ReasonCode.LOST, Optional.empty());
        services.lifecycle().transition(agent, stolen.bindingId(), ReasonCode.STOLEN, Optional.empty());
        // the bands still make codes for their owners' phones; the issuer refuses them
        String afterLoss = services.simulator().customerShowsPaymentCode(zhang, lost.serial()).text();
        assertThatThrownBy(() -> services.enrollment().verifyPayment(clerk, lost.bindingId(), afterLoss, s -> { }))
                .isInstanceOfSatisfying(EnrollmentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.PAYMENT_REFUSED);
                    assertThat(e.detail()).isEqualTo(PaymentVerdict.BINDING_NOT_ACTIVE.name());
                });
        assertThat(services.issuer().verifyPayment(services.simulator().customerShowsPaymentCode(ayigul, stolen.serial())))
                .isEqualTo(PaymentVerdict.BINDING_NOT_ACTIVE);
        // and the thief holding the stolen band gets no code to try
        SimulatedBand band = band("PB100002");
        bandSays(() -> services.simulator().thiefPhone().pay(band.address()), Status.NOT_UNLOCKED);
        assertThat(reasons(AuditAction.PAYMENT_VERIFIED)).contains("BINDING_NOT_ACTIVE");
    }

    @Test
    void aPaymentCheckTakesOnlyThisBindingsCodeOnce() throws Exception {
        Enrolled first = enroll(zhang, "PB100001");
        Enrolled second = enroll(ayigul, "PB100002");
        String code = services.simulator().customerShowsPaymentCode(ayigul, second.serial()).text();
        refused(() -> services.enrollment().verifyPayment(clerk, first.bindingId(), code, s -> { }),
                EnrollmentException.Reason.PAYMENT_CODE_OF_ANOTHER_BAND);
        refused(() -> services.enrollment().verifyPayment(clerk, first.bindingId(), "a photo of a QR code", s -> { }),
                EnrollmentException.Reason.PAYMENT_CODE_UNREADABLE);
        assertThat(services.enrollment().verifyPayment(clerk, second.bindingId(), code, s -> { }))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        assertThatThrownBy(() -> services.enrollment().verifyPayment(clerk, second.bindingId(), code, s -> { }))
                .isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.detail()).isEqualTo(PaymentVerdict.REPLAYED.name()));
    }

    @Test
    void onePhoneAcceptedForTwoCustomersBindsOnlyTheFirstsBand() throws Exception {
        // both scans pass the phone step before either band is bound: the bind's own commit decides
        String code = services.simulator().customerPhone(zhang).keyCode().text();
        CustomerPhone forZhang = services.enrollment().acceptPhone(clerk, zhang, code);
        CustomerPhone forAyigul = services.enrollment().acceptPhone(clerk, ayigul, code);
        services.enrollment().enroll(clerk, zhang, new BandSerial("PB100001"), forZhang, s -> { });
        refused(() -> services.enrollment().enroll(clerk, ayigul, new BandSerial("PB100002"), forAyigul, s -> { }),
                EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER);
        assertThat(band("PB100002").state()).isEqualTo(BandState.FACTORY);
        assertThat(services.lifecycle().latestBindingOfBand("PB100002")).isEmpty();
        // once zhang's band is deactivated the phone is free again
        var live = services.lifecycle().latestBindingOfBand("PB100001").orElseThrow();
        services.lifecycle().transition(agent, live.id(), ReasonCode.CUSTOMER_REQUEST, Optional.empty());
        assertThat(services.lifecycle().phoneLinkedToAnotherCustomer(forZhang.fingerprint(), ayigul)).isFalse();
    }

    @Test
    void aPhoneCodeAcceptedLongBeforeTheBindMustBeShownAgain() throws Exception {
        services.close();
        MutableClock clock = new MutableClock(CLOCK.instant());
        services = TestStores.create(dir.resolve("later"), clock);
        StaffSession counter = TestStores.staff(services, "counter", Role.RETAIL_STAFF);
        UUID customer = TestStores.customer(services, counter, "zhang-wei");
        CustomerPhone phone = TestStores.phoneOf(services, counter, customer);
        clock.advance(Duration.ofMinutes(11)); // the customer went for a coffee
        refused(() -> services.enrollment().enroll(counter, customer, new BandSerial("PB100001"), phone, s -> { }),
                EnrollmentException.Reason.PHONE_CODE_STALE);
        assertThat(band("PB100001").state()).isEqualTo(BandState.FACTORY);
    }

    private List<String> reasons(AuditAction action) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), events::add);
        return events.stream().map(e -> e.reason().orElse("")).toList();
    }
}

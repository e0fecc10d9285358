package com.payband.console.support;

import static org.assertj.core.api.Assertions.assertThat;
import static com.payband.console.TestStores.ownerCard;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.OwnerMismatchException;
import com.payband.console.enrollment.CustomerPhone;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.sync.CabledBackend;
import com.payband.drivers.band.BandException;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "I have a new phone": the owner, re-verified, has their band unlink the old phone and link the new one with the
 * issuer's signature. Whoever holds the old phone (a thief who took phone and band, say) can no longer unlock the band
 * or get a payment code from it; someone else's card, someone else's phone, a clerk, a dead backend or an ended binding
 * change nothing.
 */
class PhoneReplacementTest {

    private static final BandSerial BAND = new BandSerial("PB100001");

    @TempDir
    Path dir;

    private CabledBackend backend;
    private ConsoleServices store;
    private StaffSession clerk;
    private StaffSession agent;
    private UUID zhang;
    private UUID binding;

    @BeforeEach
    void open() throws Exception {
        backend = CabledBackend.start(dir.resolve("backend"));
        store = TestStores.create(dir.resolve("store"));
        store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Shop");
        clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        agent = TestStores.staff(store, "agent", Role.SUPPORT_AGENT);
        zhang = TestStores.customer(store, clerk, "zhang-wei");
        binding = store.enrollment().enroll(clerk, zhang, BAND, TestStores.phoneOf(store, clerk, zhang), s -> { })
                .bindingId();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        backend.close();
    }


    @Test
    void theNewPhoneIsLinkedForTheReVerifiedOwnerAndTheOldOneIsLockedOut() throws Exception {
        SimulatedPhone old = store.simulator().customerPhone(zhang);
        SimulatedPhone fresh = store.simulator().replaceCustomerPhone(zhang);
        CustomerPhone newPhone = store.support().acceptNewPhone(agent, zhang, fresh.keyCode().text());
        SimulatedBand band = store.simulator().band(BAND);

        // not for someone else's card, nor for a clerk
        assertThatThrownBy(() -> store.support().replacePhone(agent, binding, ownerCard("ayigul"), newPhone))
                .isInstanceOf(OwnerMismatchException.class);
        assertThatThrownBy(() -> store.support().replacePhone(clerk, binding, ownerCard("zhang-wei"), newPhone))
                .isInstanceOf(AccessDeniedException.class);
        // the backend down: nothing signed, nothing changed
        backend.down();
        assertThatThrownBy(() -> store.support().replacePhone(agent, binding, ownerCard("zhang-wei"), newPhone))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.BACKEND_UNAVAILABLE));
        assertThat(band.linkedPhone()).contains(old.key());
        backend.back();

        // a reason that is not a phone's is refused before the band is touched
        assertThatThrownBy(() -> store.support().replacePhone(agent, binding, ownerCard("zhang-wei"), newPhone,
                ReasonCode.DAMAGED, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(band.linkedPhone()).contains(old.key());

        assertThat(store.support().replacePhone(agent, binding, ownerCard("zhang-wei"), newPhone, ReasonCode.STOLEN,
                "phone snatched at the market")).isEqualTo(fresh.key().fingerprint());
        // the binding's history says who changed the phone, why, and the note (sealed like every step's)
        assertThat(store.lifecycle().historyWithStaff(agent, binding)).last().satisfies(step -> {
            assertThat(step.step().serviceStep()).contains(
                    com.payband.console.binding.BindingTransition.ServiceStep.PHONE_LINKED);
            assertThat(step.step().reason()).isEqualTo(ReasonCode.STOLEN);
            assertThat(step.step().toState()).isEqualTo(com.payband.console.binding.BindingState.ACTIVE);
            assertThat(step.staff()).isEqualTo("agent");
            assertThat(step.note()).contains("phone snatched at the market");
        });
        assertThat(band.linkedPhone()).contains(fresh.key());
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().phoneFingerprint())
                .contains(fresh.key().fingerprint());
        long changes = countOf(AuditAction.BINDING_PHONE_CHANGED);
        assertThat(changes).isEqualTo(1);

        // the old phone gets nothing out of the band; the new one pays
        band.putOn();
        assertThatThrownBy(() -> old.pay(band.address())).isInstanceOf(BandException.class);
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(zhang, BAND)))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        // the old phone is free now: it may be another customer's new phone; the new one is Zhang's
        UUID ayigul = TestStores.customer(store, clerk, "ayigul");
        assertThatThrownBy(() -> store.support().acceptNewPhone(agent, ayigul, fresh.keyCode().text()))
                .isInstanceOfSatisfying(EnrollmentException.class, e -> assertThat(e.reason())
                        .isEqualTo(EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER));
        assertThat(store.support().acceptNewPhone(agent, ayigul, old.keyCode().text()).customerId()).isEqualTo(ayigul);
    }

    @Test
    void aReplacementLeavesExactlyOneActiveBindingAndNeedsTheOwner() throws Exception {
        BandSerial replacement = new BandSerial("PB100002");
        CustomerPhone phone = TestStores.phoneOf(store, clerk, zhang);
        // a clerk enrolls but does not deactivate; someone else's card changes nothing
        assertThatThrownBy(() -> store.support().replace(clerk, binding, ownerCard("zhang-wei"),
                com.payband.console.binding.ReasonCode.DAMAGED, null, replacement, phone))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> store.support().replace(agent, binding, ownerCard("ayigul"),
                com.payband.console.binding.ReasonCode.DAMAGED, null, replacement, phone))
                .isInstanceOf(OwnerMismatchException.class);
        assertThat(store.lifecycle().latestBindingOfBand(replacement.value())).isEmpty();

        var done = store.support().replace(agent, binding, ownerCard("zhang-wei"),
                com.payband.console.binding.ReasonCode.DAMAGED, "cracked", replacement, phone);
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state())
                .isEqualTo(com.payband.console.binding.BindingState.DEACTIVATED);
        assertThat(store.lifecycle().bindingsOfCustomer(agent, zhang)).filteredOn(b -> b.state()
                == com.payband.console.binding.BindingState.ACTIVE).singleElement()
                .satisfies(b -> assertThat(b.id()).isEqualTo(done.bindingId()));
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(zhang, replacement)))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        // the old binding is over: no second replacement of it
        assertThatThrownBy(() -> store.support().replace(agent, binding, ownerCard("zhang-wei"),
                com.payband.console.binding.ReasonCode.DAMAGED, null, new BandSerial("PB100003"), phone))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.NOT_LIVE));
    }

    @Test
    void noPhoneIsPutOnABandWithoutItsOwnersCardNorOnABandReportedLost() throws Exception {
        SimulatedPhone old = store.simulator().customerPhone(zhang);
        SimulatedPhone thiefs = store.simulator().replaceCustomerPhone(zhang); // a phone the desk was shown
        CustomerPhone newPhone = store.support().acceptNewPhone(agent, zhang, thiefs.keyCode().text());
        SimulatedBand band = store.simulator().band(BAND);
        // a replacement and a link without the owner's card are refused before the band is touched
        assertThatThrownBy(() -> store.support().replacePhone(agent, binding, null, newPhone))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.support().linkPhone(agent, binding, null, newPhone))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(band.linkedPhone()).contains(old.key());
        // the slot emptied with the owner's card, then someone else's card at the link: refused, the slot stays empty
        store.support().unlinkPhone(agent, binding, ownerCard("zhang-wei"), ReasonCode.STOLEN, null);
        assertThatThrownBy(() -> store.support().linkPhone(agent, binding, ownerCard("ayigul"), newPhone))
                .isInstanceOf(OwnerMismatchException.class);
        assertThat(band.linkedPhone()).isEmpty();
        // a band reported lost gets no phone change: it is found first, with its owner
        store.lifecycle().transition(clerk, binding, ReasonCode.LOST, Optional.empty());
        assertThatThrownBy(() -> store.support().linkPhone(agent, binding, ownerCard("zhang-wei"), newPhone))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.NOT_LIVE));
        assertThat(band.linkedPhone()).isEmpty();
    }

    @Test
    void anEndedBindingGetsNoNewPhone() throws Exception {
        store.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        CustomerPhone newPhone = store.support().acceptNewPhone(agent, zhang,
                store.simulator().replaceCustomerPhone(zhang).keyCode().text());
        assertThatThrownBy(() -> store.support().replacePhone(agent, binding, ownerCard("zhang-wei"), newPhone))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.NOT_LIVE));
    }

    private long countOf(AuditAction action) {
        long[] n = {0};
        store.audit().forEach(AuditQuery.all(), e -> {
            if (e.action() == action && e.outcome() == com.payband.console.audit.Outcome.SUCCESS) {
                n[0]++;
            }
        });
        return n[0];
    }
}

package com.payband.console.support;

import static org.assertj.core.api.Assertions.assertThat;
import static com.payband.console.TestStores.ownerCard;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Outcome;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.OwnerMismatchException;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.sync.CabledBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The support desk against a real backend: a stolen band is reset only with its owner re-verified (a thief holding
 * it, with or without their own ID card, gets nowhere), in the store that enrolled it or in another; a live band is
 * nobody's to reset; a reset or a resume waits for the backend; a lost band found goes back into use only for its
 * re-verified owner.
 */
class RecoveredBandTest {

    private static final BandSerial BAND = new BandSerial("PB100001");

    @TempDir
    Path dir;

    private CabledBackend backend;
    private ConsoleServices store;
    private StaffSession clerk;
    private StaffSession agent;
    private UUID zhang;

    @BeforeEach
    void open() throws Exception {
        backend = CabledBackend.start(dir.resolve("backend"));
        store = TestStores.create(dir.resolve("a"));
        store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Store A");
        clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        agent = TestStores.staff(store, "agent", Role.SUPPORT_AGENT);
        zhang = TestStores.customer(store, clerk, "zhang-wei");
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        backend.close();
    }

    private UUID enroll(ConsoleServices services, UUID customer, BandSerial serial) throws Exception {
        return services.enrollment().enroll(clerk, customer, serial, TestStores.phoneOf(services, clerk, customer),
                s -> { }).bindingId();
    }


    private BandState bandState(ConsoleServices services) throws Exception {
        return services.simulator().band(BAND).state();
    }

    private static List<String> resetAudits(ConsoleServices services, Outcome outcome) {
        List<String> reasons = new ArrayList<>();
        services.audit().forEach(AuditQuery.all(), e -> {
            if (e.action() == AuditAction.BAND_RESET && e.outcome() == outcome) {
                reasons.add(e.reason().orElse(""));
            }
        });
        return reasons;
    }

    @Test
    void aStolenBandIsResetOnlyForItsReVerifiedOwnerAndIsThenSoldAgain() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        SupportService support = store.support();

        // the owner's band in use: nobody's to reset, and a retail clerk may not reset at all
        assertThatThrownBy(() -> support.resetRecoveredBand(agent, BAND, Optional.of(ownerCard("zhang-wei"))))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.BINDING_LIVE));
        assertThatThrownBy(() -> support.resetRecoveredBand(clerk, BAND, Optional.empty()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);

        // stolen (the report still in the outbox: the reset sends it first); the band turns up: a thief (or a finder)
        // without the owner's card cannot have it reset
        store.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        assertThatThrownBy(() -> support.resetRecoveredBand(agent, BAND, Optional.empty()))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.OWNER_NOT_VERIFIED));
        // nor with their own card
        assertThatThrownBy(() -> support.resetRecoveredBand(agent, BAND, Optional.of(ownerCard("ayigul"))))
                .isInstanceOf(OwnerMismatchException.class);
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);
        assertThat(resetAudits(store, Outcome.DENIED)).containsExactly("BINDING_LIVE", "OWNER_NOT_VERIFIED");

        // a reason that is not a reset's is refused before the band is touched
        assertThatThrownBy(() -> support.resetRecoveredBand(agent, BAND, Optional.of(ownerCard("zhang-wei")),
                Optional.empty(), ReasonCode.STOLEN, null, step -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);

        // the owner, with their card: reset, and the band is free for a new customer
        SupportService.ResetDone done = support.resetRecoveredBand(agent, BAND, Optional.of(ownerCard("zhang-wei")),
                Optional.empty(), ReasonCode.FOUND, "handed in by the police", step -> { });
        // the binding's history has the reset, why, by whom, with the note
        assertThat(store.lifecycle().historyWithStaff(agent, binding)).last().satisfies(step -> {
            assertThat(step.step().serviceStep()).contains(
                    com.payband.console.binding.BindingTransition.ServiceStep.BAND_RESET);
            assertThat(step.step().reason()).isEqualTo(ReasonCode.FOUND);
            assertThat(step.step().toState()).isEqualTo(BindingState.DEACTIVATED);
            assertThat(step.staff()).isEqualTo("agent");
            assertThat(step.note()).contains("handed in by the police");
        });
        assertThat(done.bindingId()).isEqualTo(binding);
        assertThat(done.ownerVerified()).isTrue();
        assertThat(done.confirmedOnReconnect()).isFalse();
        assertThat(bandState(store)).isEqualTo(BandState.FACTORY);
        assertThat(resetAudits(store, Outcome.SUCCESS)).containsExactly("BAND_RECOVERED");
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.DEACTIVATED);

        UUID anna = TestStores.customer(store, clerk, "passport-anna");
        UUID again = enroll(store, anna, BAND);
        assertThat(store.lifecycle().bindingById(again).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(anna, BAND)))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        // and the first owner's old phone no longer gets a payment code out of it
        assertThatThrownBy(() -> store.simulator().customerShowsPaymentCode(zhang, BAND))
                .isInstanceOf(com.payband.drivers.band.BandException.class);
    }

    @Test
    void aStolenBandWhoseOwnerCannotComeIsResetWithAnAdministratorsApprovalGivenAtTheDeskOnce() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        SupportService support = store.support();
        StaffSession admin = TestStores.admin(store);
        StaffSession otherAgent = TestStores.staff(store, "agent2", Role.SUPPORT_AGENT);
        StaffSession lead = TestStores.staff(store, "lead", Role.SUPPORT_AGENT, Role.ADMIN);

        // nobody approves their own reset, not even holding both roles; a clerk or an agent approves nothing
        assertThatThrownBy(() -> support.approveReset(lead, lead, BAND)).isInstanceOfSatisfying(SupportException.class,
                e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.APPROVAL_NOT_VALID));
        assertThatThrownBy(() -> support.approveReset(agent, clerk, BAND)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> support.approveReset(agent, otherAgent, BAND)).isInstanceOf(AccessDeniedException.class);
        // an administrator alone resets nothing
        assertThatThrownBy(() -> support.approveReset(admin, admin, BAND)).isInstanceOf(AccessDeniedException.class);

        ResetApproval approval = support.approveReset(agent, admin, BAND);
        // it serves that agent and that band only
        assertThatThrownBy(() -> support.resetRecoveredBand(otherAgent, BAND, Optional.empty(), Optional.of(approval), s -> { }))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.APPROVAL_NOT_VALID));
        assertThatThrownBy(() -> support.resetRecoveredBand(agent, new BandSerial("PB100002"), Optional.empty(),
                Optional.of(approval), s -> { })).isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.APPROVAL_NOT_VALID));
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);

        SupportService.ResetDone done = support.resetRecoveredBand(agent, BAND, Optional.empty(), Optional.of(approval), s -> { });
        assertThat(done.grounds()).isEqualTo(SupportService.ResetDone.Grounds.ADMINISTRATOR_APPROVED);
        assertThat(bandState(store)).isEqualTo(BandState.FACTORY);
        assertThat(approval.used()).isTrue();

        // once: the next stolen band needs a new approval
        UUID anna = TestStores.customer(store, clerk, "passport-anna");
        UUID second = enroll(store, anna, BAND);
        store.lifecycle().transition(agent, second, ReasonCode.FRAUD, Optional.empty());
        assertThatThrownBy(() -> support.resetRecoveredBand(agent, BAND, Optional.empty(), Optional.of(approval), s -> { }))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.APPROVAL_NOT_VALID));
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);
        List<String> approvals = new ArrayList<>();
        store.audit().forEach(AuditQuery.all(), e -> {
            if (e.action() == AuditAction.RESET_APPROVED) {
                approvals.add(e.actorName() + " " + e.outcome());
            }
        });
        assertThat(approvals).containsExactly("lead DENIED", "admin SUCCESS");
    }

    @Test
    void aStolenBandRecoveredInAnotherStoreIsResetThereWithTheOwnersCardOnly() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        store.sync().push();
        store.close();
        TestStores.sameFactory(dir.resolve("a"), dir.resolve("b"));
        TestStores.carryBand(dir.resolve("a"), dir.resolve("b"), BAND);
        store = TestStores.create(dir.resolve("b"));
        store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Store B");
        StaffSession agentB = TestStores.staff(store, "agent", Role.SUPPORT_AGENT);

        // store B knows nothing of the binding but what the band says; the backend's record decides
        assertThat(store.lifecycle().bindingById(binding)).isEmpty();
        // the clerk told to "keep it and call support" looks it up: the issuer says where it was enrolled and that it
        // is stolen, and its history from every store (nothing of the customer)
        SupportService.BandRecord seen = store.support().lookUp(agentB, BAND);
        assertThat(seen.binding()).isEmpty();
        assertThat(seen.unknown()).isFalse();
        assertThat(seen.reportedStolen()).isTrue();
        assertThat(seen.atIssuer().orElseThrow().bindings()).first().satisfies(b -> {
            assertThat(b.bindingId()).isEqualTo(binding.toString());
            assertThat(b.store()).isEqualTo("Store A");
            assertThat(b.state()).isEqualTo("DEACTIVATED");
            assertThat(b.reason()).isEqualTo("STOLEN");
        });
        assertThat(store.support().historyAtIssuer(agentB, binding).orElseThrow().steps())
                .anySatisfy(s -> {
                    assertThat(s.toState()).isEqualTo("DEACTIVATED");
                    assertThat(s.reason()).isEqualTo("STOLEN");
                    assertThat(s.staff()).isEqualTo("agent");
                    assertThat(s.store()).isEqualTo("Store A");
                    assertThat(s.applied()).isTrue();
                });
        backend.down();
        SupportService.BandRecord offline = store.support().lookUp(agentB, BAND);
        assertThat(offline.issuerUnreachable()).isTrue();
        assertThat(offline.atIssuer()).isEmpty();
        backend.back();
        assertThatThrownBy(() -> store.support().resetRecoveredBand(agentB, BAND, Optional.of(ownerCard("ayigul"))))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.OWNER_NOT_VERIFIED));
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);
        SupportService.ResetDone done = store.support().resetRecoveredBand(agentB, BAND, Optional.of(ownerCard("zhang-wei")));
        assertThat(done.bindingId()).isEqualTo(binding);
        assertThat(bandState(store)).isEqualTo(BandState.FACTORY);
        // the owner's card was read, checked and left nothing behind in store B
        assertThat(store.customers().count()).isZero();
    }

    @Test
    void aListOfStolenBandsImportedInOneStoreIsRefusedInEveryStoreAfterItsSync() throws Exception {
        String list = "serial,reason,reference\nPB200001,STOLEN,Police 1142\n";
        RevocationImport.Result first = store.revocationImport().importCsv(agent, new java.io.StringReader(list),
                "police.csv", false);
        assertThat(first.backend()).isEqualTo(RevocationImport.Backend.SENT);
        assertThat(first.addedAtBackend()).isEqualTo(1);
        // again: nothing doubled, here or there
        RevocationImport.Result again = store.revocationImport().importCsv(agent, new java.io.StringReader(list),
                "police.csv", false);
        assertThat(again.added()).isZero();
        assertThat(again.addedAtBackend()).isZero();
        backend.down();
        assertThat(store.revocationImport().importCsv(agent, new java.io.StringReader(list), "police.csv", false)
                .backend()).isEqualTo(RevocationImport.Backend.NOT_SENT);
        backend.back();

        store.close();
        store = TestStores.create(dir.resolve("b"));
        store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Store B");
        StaffSession clerkB = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        store.sync().push(); // the revocation list comes with it
        assertThat(store.lifecycle().revocation(com.payband.console.binding.Revocation.importedKey("PB200001")))
                .hasValueSatisfying(r -> assertThat(r.source()).isEqualTo(com.payband.console.binding.Revocation.Source.BACKEND));
        UUID ayigul = TestStores.customer(store, clerkB, "ayigul");
        assertThatThrownBy(() -> store.enrollment().enroll(clerkB, ayigul, new BandSerial("PB200001"),
                TestStores.phoneOf(store, clerkB, ayigul), s -> { }))
                .isInstanceOfSatisfying(com.payband.console.enrollment.EnrollmentException.class, e -> assertThat(
                        e.reason()).isEqualTo(com.payband.console.enrollment.EnrollmentException.Reason.REPORTED_STOLEN));
    }

    @Test
    void aStolenBandIsRefusedHereBeforeTheIssuerIsAskedAndOnlyAsFound() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        store.sync().push();
        // the backend down (or an issuer that would sign anything): this console itself refuses a stolen band's reset
        // without its owner's card or an approval, so nothing rests on the issuer alone
        backend.down();
        assertThatThrownBy(() -> store.support().resetRecoveredBand(agent, BAND, Optional.empty()))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.OWNER_NOT_VERIFIED));
        backend.back();
        // a stolen band that came back is reset as found: "damaged" or "the customer asked" would hide the theft
        for (ReasonCode other : List.of(ReasonCode.DAMAGED, ReasonCode.CUSTOMER_REQUEST, ReasonCode.REPLACED)) {
            assertThatThrownBy(() -> store.support().resetRecoveredBand(agent, BAND, Optional.of(ownerCard("zhang-wei")),
                    Optional.empty(), other, null, step -> { })).isInstanceOfSatisfying(SupportException.class,
                            e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.RESET_REASON_UNFITTING));
        }
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);
        assertThat(resetAudits(store, Outcome.DENIED)).containsExactly("OWNER_NOT_VERIFIED", "RESET_REASON_UNFITTING",
                "RESET_REASON_UNFITTING", "RESET_REASON_UNFITTING");
        // as found, with the owner's card: reset
        store.support().resetRecoveredBand(agent, BAND, Optional.of(ownerCard("zhang-wei")), Optional.empty(),
                ReasonCode.FOUND, null, step -> { });
        assertThat(bandState(store)).isEqualTo(BandState.FACTORY);
    }

    @Test
    void aBandDeactivatedForAnotherReasonIsResetWithoutItsOwner() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(agent, binding, ReasonCode.DAMAGED, Optional.empty());
        store.sync().push();
        SupportService.ResetDone done = store.support().resetRecoveredBand(agent, BAND, Optional.empty());
        assertThat(done.ownerVerified()).isFalse();
        assertThat(bandState(store)).isEqualTo(BandState.FACTORY);
        assertThatThrownBy(() -> store.support().resetRecoveredBand(agent, BAND, Optional.empty()))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.NOT_BOUND));
    }

    @Test
    void aLinkDroppedDuringTheResetIsSettledByAskingTheBandAgain() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(agent, binding, ReasonCode.DAMAGED, Optional.empty());
        store.sync().push();
        // dropped before the band applied it: the band, asked again, still holds the binding
        store.simulator().band(BAND).inject(com.payband.drivers.band.sim.BandFault.DROP_LINK_BEFORE_RESET);
        assertThatThrownBy(() -> store.support().resetRecoveredBand(agent, BAND, Optional.empty()))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.RESET_UNCONFIRMED));
        assertThat(bandState(store)).isEqualTo(BandState.BOUND);
        assertThat(resetAudits(store, Outcome.FAILED)).containsExactly("BAND_RECOVERED");
        // dropped after: the band, heard again under its new address, is factory-new: done
        store.simulator().band(BAND).inject(com.payband.drivers.band.sim.BandFault.DROP_LINK_AFTER_RESET);
        SupportService.ResetDone done = store.support().resetRecoveredBand(agent, BAND, Optional.empty());
        assertThat(done.confirmedOnReconnect()).isTrue();
        assertThat(bandState(store)).isEqualTo(BandState.FACTORY);
        assertThat(resetAudits(store, Outcome.SUCCESS)).containsExactly("BAND_RECOVERED");
    }

    @Test
    void aResetLeftUnsettledIsSettledWhenTheNextResetOfItsBandBegins() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(agent, binding, ReasonCode.DAMAGED, Optional.empty());
        store.sync().push();
        // the band is carried out of range as the reset is sent (the link drops): the reset stays under way
        com.payband.drivers.band.sim.SimulatedBand band = store.simulator().band(BAND);
        assertThatThrownBy(() -> store.support().resetRecoveredBand(agent, BAND, Optional.empty(), Optional.empty(),
                ReasonCode.DAMAGED, "first try", step -> {
                    if (step == com.payband.console.support.ResetStep.RECORDED_UNDER_WAY) {
                        store.simulator().radio().remove(BAND);
                    }
                })).isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.RESET_UNCONFIRMED));
        assertThat(store.support().resetsUnderWay()).isTrue();
        assertThat(resetAudits(store, Outcome.FAILED)).hasSize(1);

        // back in range, another member resets it: the band still held the binding, so the first reset was not done,
        // and that is recorded in its member's name before the new one begins (never dropped without a word)
        store.simulator().radio().add(band, -50);
        StaffSession second = TestStores.staff(store, "agent2", Role.SUPPORT_AGENT);
        store.support().resetRecoveredBand(second, BAND, Optional.empty(), Optional.empty(), ReasonCode.DAMAGED,
                "second try", step -> { });
        assertThat(bandState(store)).isEqualTo(BandState.FACTORY);
        assertThat(store.support().resetsUnderWay()).isFalse();
        List<String> failedBy = new ArrayList<>();
        store.audit().forEach(AuditQuery.all(), e -> {
            if (e.action() == AuditAction.BAND_RESET && e.outcome() == Outcome.FAILED) {
                failedBy.add(e.actorName() + ": " + e.detail().orElse(""));
            }
        });
        assertThat(failedBy).hasSize(2);
        assertThat(failedBy.get(1)).startsWith("agent: ").contains("not done");
        assertThat(resetAudits(store, Outcome.SUCCESS)).hasSize(1);
        // the history has one reset: the one the band applied, with its own member's note
        assertThat(store.lifecycle().historyWithStaff(agent, binding)).filteredOn(h -> h.step().serviceStep().isPresent())
                .singleElement().satisfies(h -> {
                    assertThat(h.staff()).isEqualTo("agent2");
                    assertThat(h.note()).contains("second try");
                });
    }

    @Test
    void aFoundBandResumesForItsReVerifiedOwnerOnceTheBackendAnswers() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(clerk, binding, ReasonCode.LOST, Optional.empty());
        store.sync().push();
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(zhang, BAND)))
                .isEqualTo(PaymentVerdict.BINDING_NOT_ACTIVE);

        // someone else's card: refused, still suspended; a clerk may report but not resume
        assertThatThrownBy(() -> store.support().found(agent, binding, ownerCard("ayigul")))
                .isInstanceOf(OwnerMismatchException.class);
        assertThatThrownBy(() -> store.support().found(clerk, binding, ownerCard("zhang-wei")))
                .isInstanceOf(AccessDeniedException.class);

        // the backend down: the resume waits for it (another store may have had the band reported stolen)
        backend.down();
        assertThatThrownBy(() -> store.support().found(agent, binding, ownerCard("zhang-wei")))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.BACKEND_UNAVAILABLE));
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.SUSPENDED);
        assertThatThrownBy(() -> store.support().resetRecoveredBand(agent, BAND, Optional.of(ownerCard("zhang-wei"))))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.BINDING_LIVE));

        backend.back();
        assertThat(store.support().found(agent, binding, ownerCard("zhang-wei"))).isEqualTo(BindingState.ACTIVE);
        store.sync().push();
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(zhang, BAND)))
                .isEqualTo(PaymentVerdict.ACCEPTED);
    }

    @Test
    void aBindingTheBackendEndedCannotBeResumedHere() throws Exception {
        UUID binding = enroll(store, zhang, BAND);
        store.lifecycle().transition(agent, binding, ReasonCode.LOST, Optional.empty());
        store.sync().push();
        // the backend's record says deactivated (another store's report, or its operator's): this console may not
        // bring the band back into use on its own say
        backend.backend().store().inTransaction(c -> c.createStatement().executeUpdate(
                "UPDATE issuer_binding SET state = 'DEACTIVATED', reason = 'STOLEN' WHERE binding_id = '" + binding + "'"));
        assertThatThrownBy(() -> store.support().found(agent, binding, ownerCard("zhang-wei")))
                .isInstanceOfSatisfying(SupportException.class,
                        e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.STATE_ELSEWHERE));
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.SUSPENDED);
    }

}

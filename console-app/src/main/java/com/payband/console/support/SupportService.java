package com.payband.console.support;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.PhoneFingerprint;
import com.payband.band.protocol.BandInfo;
import com.payband.band.protocol.Command;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.bands.BandRadio;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.IllegalTransitionException;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.CustomerService;
import com.payband.console.customer.DocumentRefusedException;
import com.payband.console.customer.NoSuchCustomerException;
import com.payband.console.customer.OwnerMismatchException;
import com.payband.console.customer.OwnerVerification;
import com.payband.console.issuer.Issuer;
import com.payband.console.issuer.IssuerException;
import com.payband.console.lifecycle.LifecycleService;
import com.payband.console.lifecycle.NoSuchBindingException;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.AuthorisationReason;
import com.payband.console.binding.Revocation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A lost band found again (its owner re-verified, the backend asked first) and a recovered band reset to factory state
 * with the issuer's signature for the binding it holds. Both need the backend once the console is registered: a
 * resume must not undo a theft another store reported, and only the issuer signs a reset.
 */
public final class SupportService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SupportService.class);

    /** Why a band is reset: recovered (FOUND), or its binding ended at the customer's request, damaged or replaced. */
    public static final java.util.Set<ReasonCode> RESET_REASONS = java.util.EnumSet.of(ReasonCode.FOUND,
            ReasonCode.CUSTOMER_REQUEST, ReasonCode.DAMAGED, ReasonCode.REPLACED);
    /** Why a band's phone is unlinked or a new one linked: the customer's new phone, or the old one lost or stolen. */
    public static final java.util.Set<ReasonCode> PHONE_REASONS = java.util.EnumSet.of(ReasonCode.CUSTOMER_REQUEST,
            ReasonCode.LOST, ReasonCode.STOLEN);

    /** The owner's document, read again at the desk, and the reader that read it. */
    public record OwnerDocument(IdDocument document, ReaderInfo reader) {
    }

    /** A reset the console stopped in the middle of: whether the band, asked since, had reset (empty: not heard). */
    public record InterruptedReset(BandSerial serial, UUID bindingId, Optional<Boolean> reset) {
        public boolean settled() {
            return reset.isPresent();
        }
    }

    /** A reset done: the binding the band held, and what the reset rested on. */
    public record ResetDone(BandSerial serial, UUID bindingId, Grounds grounds, boolean confirmedOnReconnect) {

        /** What allowed the reset. */
        public enum Grounds {
            /** The owner's card was read again at the desk. */
            OWNER_VERIFIED,
            /** An administrator approved it at the desk (a band reported stolen whose owner cannot come). */
            ADMINISTRATOR_APPROVED,
            /** The binding ended for another reason than theft: the issuer's policy needs nobody's word. */
            POLICY
        }

        public boolean ownerVerified() {
            return grounds == Grounds.OWNER_VERIFIED;
        }
    }

    /**
     * What this console knows of a band, for the clerk told to "keep it and call support" as much as for the agent: its
     * newest binding here (state, since when; whose is not said), the reports of it as stolen (this console's and the
     * backend's list), when this console last dealt with it.
     */
    public record BandRecord(BandSerial serial, Optional<Binding> binding, List<Revocation> revocations,
            Optional<Instant> lastSeen, Optional<com.payband.sync.api.IssuerBand> atIssuer, boolean issuerUnreachable,
            boolean issuerAvailable, boolean issuedElsewhere) {

        /**
         * What needs the issuer's signature (a reset, a phone, a replacement, resuming) can be done here for this band:
         * the console is registered, and the band's binding (if any) was made with its current backend.
         */
        public boolean issuerSigns() {
            return issuerAvailable && !issuedElsewhere;
        }

        /** Nothing at all is known of the band, here or (when asked) at the issuer. */
        public boolean unknown() {
            return binding.isEmpty() && revocations.isEmpty() && lastSeen.isEmpty()
                    && atIssuer.map(b -> b.bindings().isEmpty()).orElse(true);
        }

        /** Reported stolen, here or at the issuer: keep the band, reset only as the policy allows. */
        public boolean reportedStolen() {
            return !revocations.isEmpty() || atIssuer.map(com.payband.sync.api.IssuerBand::reportedStolen).orElse(false);
        }

        /**
         * Another store's binding of the band in force at the issuer (active or lost): its owner may report it stolen
         * at this desk ({@link SupportService#reportStolenForOwner}).
         */
        public Optional<com.payband.sync.api.IssuerBand.Binding> inForceElsewhere() {
            return atIssuer.stream().flatMap(band -> band.bindings().stream())
                    .filter(b -> "ACTIVE".equals(b.state()) || "SUSPENDED".equals(b.state()))
                    .filter(b -> binding.filter(mine -> mine.id().toString().equals(b.bindingId())).isEmpty())
                    .findFirst();
        }

        /** A binding of it is in force here: the owner's band, nobody's to reset. */
        public boolean liveHere() {
            return binding.filter(Binding::live).isPresent();
        }
    }

    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final LifecycleService lifecycle;
    private final CustomerService customers;
    private final Issuer issuer;
    private final BandRadio radio;
    private final Duration findTimeout;
    private final com.payband.console.enrollment.EnrollmentService enrollment;
    private final java.time.Clock clock;
    private final com.payband.console.store.Database database;

    public SupportService(com.payband.console.store.Database database, AuditTrail audit, Authorizer authorizer, LifecycleService lifecycle, CustomerService customers,
            com.payband.console.enrollment.EnrollmentService enrollment, Issuer issuer, BandRadio radio,
            Duration findTimeout, java.time.Clock clock) {
        this.enrollment = enrollment;
        this.clock = clock;
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.lifecycle = lifecycle;
        this.customers = customers;
        this.issuer = issuer;
        this.radio = radio;
        this.findTimeout = findTimeout;
    }

    /**
     * What this console knows of the band (see {@link BandRecord}), and what the issuer knows of it from every store
     * when this console is registered (nothing of any customer); the band need not be here. The backend not answering
     * leaves this console's knowledge, said so.
     */
    public BandRecord lookUp(StaffSession staff, BandSerial serial) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        Optional<com.payband.sync.api.IssuerBand> atIssuer = Optional.empty();
        boolean unreachable = false;
        try {
            atIssuer = issuer.band(serial);
        } catch (IssuerException e) {
            LOG.info("the issuer was not asked about {}: {}", serial, e.getMessage());
            unreachable = true;
        }
        Optional<Binding> binding = lifecycle.latestBindingOfBand(serial.value());
        return new BandRecord(serial, binding, lifecycle.revocationsOfBand(serial.value()),
                lifecycle.band(serial.value()).map(com.payband.console.binding.Band::lastSeenAt), atIssuer, unreachable,
                issuer.available(), binding.filter(lifecycle::issuedElsewhere).isPresent());
    }

    /**
     * A lost band is back with its owner: the owner is re-verified with the document just read, the backend is asked
     * where the binding stands (another store may have had it reported stolen since), and the binding resumes. The
     * caller pushes the outbox, so that the issuer accepts the band's payments again.
     */
    public BindingState found(StaffSession staff, UUID bindingId, OwnerDocument owner) throws SupportException,
            NoSuchBindingException, IllegalTransitionException, DocumentRefusedException, OwnerMismatchException {
        return found(staff, bindingId, owner, null);
    }

    /** As {@link #found(StaffSession, UUID, OwnerDocument)}, with the member's note (sealed with the step). */
    public BindingState found(StaffSession staff, UUID bindingId, OwnerDocument owner, String note)
            throws SupportException, NoSuchBindingException, IllegalTransitionException, DocumentRefusedException,
            OwnerMismatchException {
        authorizer.require(staff, Action.RESUME_BINDING);
        Binding binding = lifecycle.bindingById(bindingId).orElseThrow(() -> new NoSuchBindingException(bindingId));
        requireOwnIssuer(staff, binding, "FOUND");
        OwnerVerification verified = customers.verifyOwner(staff, binding.customerId(), owner.document(), owner.reader());
        // a console registered with no backend shared none of its bindings: nobody else can have ended this one
        if (issuer.available()) {
            Optional<BindingState> there;
            try {
                there = issuer.bindingState(bindingId);
            } catch (IssuerException e) {
                throw refused(staff, Target.binding(bindingId), "FOUND", e.refusal().isEmpty()
                        ? SupportException.Reason.BACKEND_UNAVAILABLE : SupportException.Reason.ISSUER_REFUSED, bindingId, e);
            }
            if (there.filter(BindingState::terminal).isPresent()) {
                throw refused(staff, Target.binding(bindingId), "FOUND", SupportException.Reason.STATE_ELSEWHERE, bindingId,
                        new IllegalStateException("the backend has binding " + bindingId + " " + there.get()));
            }
        }
        return lifecycle.transition(staff, bindingId, ReasonCode.FOUND, Optional.of(verified), note);
    }

    /**
     * An administrator, signed in at this console for it, approves the agent's reset of one band deactivated as stolen
     * or fraud whose owner cannot come: a second person, never the agent themselves (one person holding both roles
     * approves nothing of their own). Good for one reset of that band by that agent within {@link
     * ResetApproval#LIFETIME}; the issuer records who approved it and lets a console vouch for only a few a day.
     */
    public ResetApproval approveReset(StaffSession agent, StaffSession administrator, BandSerial serial)
            throws SupportException {
        authorizer.require(administrator, Action.APPROVE_RESET);
        authorizer.requireOwnPassword(administrator); // a password an administrator set is nobody's word yet
        authorizer.require(agent, Action.RESET_BAND);
        if (administrator.staffId().equals(agent.staffId())) {
            audit.record(administrator.actor(), AuditAction.RESET_APPROVED, Outcome.DENIED, Target.band(serial.value()),
                    SupportException.Reason.APPROVAL_NOT_VALID.name(), "an approval of one's own reset");
            throw new SupportException(SupportException.Reason.APPROVAL_NOT_VALID, null,
                    "the administrator is the member of staff asking", null);
        }
        audit.record(administrator.actor(), AuditAction.RESET_APPROVED, Outcome.SUCCESS, Target.band(serial.value()),
                "BAND_RECOVERED", "for " + agent.username());
        return new ResetApproval(administrator, agent, serial, clock.instant());
    }

    /** As {@link #resetRecoveredBand(StaffSession, BandSerial, Optional, Optional)} with no administrator's approval. */
    public ResetDone resetRecoveredBand(StaffSession staff, BandSerial serial, Optional<OwnerDocument> owner)
            throws SupportException, BandException, DocumentRefusedException, OwnerMismatchException {
        return resetRecoveredBand(staff, serial, owner, Optional.empty(), step -> { });
    }

    /** As {@link #resetRecoveredBand(StaffSession, BandSerial, Optional, Optional, ReasonCode, String, java.util.function.Consumer)}
     * for a recovered band (FOUND), with no note. */
    public ResetDone resetRecoveredBand(StaffSession staff, BandSerial serial, Optional<OwnerDocument> owner,
            Optional<ResetApproval> approval, java.util.function.Consumer<ResetStep> progress)
            throws SupportException, BandException, DocumentRefusedException, OwnerMismatchException {
        return resetRecoveredBand(staff, serial, owner, approval, ReasonCode.FOUND, null, progress);
    }

    /**
     * A recovered band, present at the desk, goes back to factory state so that it can be sold and enrolled again. The
     * band says which binding it holds; that binding must be over (deactivated, or a bind that failed): a band reported
     * neither stolen nor ended is its owner's. The issuer signs the reset for that binding (for a band deactivated as
     * stolen or fraudulent, only with its owner re-verified or an administrator's approval). A link that drops during
     * the reset is settled by asking the band again.
     *
     * @param owner    the owner's document read again, when the owner is here
     * @param approval an administrator's approval of this reset ({@link #approveReset}), when the owner cannot come
     * @param reason   one of {@link #RESET_REASONS}, kept with the reset in the binding's history
     * @param note     the member's note (null for none), sealed with that step
     * @param progress told each step as it begins
     */
    public ResetDone resetRecoveredBand(StaffSession staff, BandSerial serial, Optional<OwnerDocument> owner,
            Optional<ResetApproval> approval, ReasonCode reason, String note,
            java.util.function.Consumer<ResetStep> progress)
            throws SupportException, BandException, DocumentRefusedException, OwnerMismatchException {
        authorizer.require(staff, Action.RESET_BAND);
        if (!RESET_REASONS.contains(reason)) {
            throw new IllegalArgumentException("a band is reset for " + RESET_REASONS + ", not " + reason);
        }
        LifecycleService.keptNote(note); // a note too long is refused before the band is touched
        requireIssuer(staff, Target.band(serial.value()), "BAND_RECOVERED");
        if (approval.isPresent() && !approval.get().validFor(staff, serial, clock.instant())) {
            throw refused(staff, Target.band(serial.value()), "BAND_RECOVERED",
                    SupportException.Reason.APPROVAL_NOT_VALID, null, new IllegalStateException("approval by "
                            + approval.get().approvedBy() + " at " + approval.get().approvedAt() + " for "
                            + approval.get().serial() + (approval.get().used() ? ", used" : "")));
        }
        progress.accept(ResetStep.FINDING_BAND);
        BandAdvertisement heard = radio.find(serial, findTimeout).orElseThrow(() ->
                new SupportException(SupportException.Reason.BAND_NOT_FOUND, null, "not heard: " + serial, null));
        UUID bindingId;
        byte[] evidence = null;
        ResetDone.Grounds grounds;
        try (BandRadio.Lease reach = radio.lease(); BandClient band = reach.open(heard)) {
            BandInfo info = band.info();
            if (info.state() != BandState.BOUND || info.bindingId().isEmpty()) {
                throw new SupportException(SupportException.Reason.NOT_BOUND, null, serial + " is " + info.state(), null);
            }
            bindingId = info.bindingId().get();
            Optional<Binding> known = lifecycle.bindingById(bindingId);
            if (known.isPresent() && known.get().live()) {
                throw refused(staff, Target.band(serial.value()), "BAND_RECOVERED", SupportException.Reason.BINDING_LIVE,
                        bindingId, new IllegalStateException("binding " + bindingId + " is " + known.get().state()));
            }
            // reported stolen or ended for fraud (here, in another store, or on an imported list): this console asks for
            // the owner's card or an approval itself, and resets it only as found, whatever an issuer would sign
            Optional<Revocation> revoked = lifecycle.revocation(bindingId)
                    .or(() -> lifecycle.revocation(Revocation.importedKey(serial.value())));
            if (revoked.isPresent() && reason != ReasonCode.FOUND) {
                throw refused(staff, Target.band(serial.value()), "BAND_RECOVERED",
                        SupportException.Reason.RESET_REASON_UNFITTING, bindingId, new IllegalStateException(
                                "binding " + bindingId + " ended " + revoked.get().reason() + ", reset as " + reason));
            }
            if (revoked.isPresent() && owner.isEmpty() && approval.isEmpty()) {
                throw refused(staff, Target.band(serial.value()), "BAND_RECOVERED",
                        SupportException.Reason.OWNER_NOT_VERIFIED, bindingId, new IllegalStateException(
                                "binding " + bindingId + " ended " + revoked.get().reason()
                                        + ": neither the owner's card nor an approval"));
            }
            if (owner.isPresent()) {
                evidence = evidenceOf(staff, serial, known, owner.get());
            }
            Authorisation authorisation;
            progress.accept(ResetStep.AUTHORISING);
            try {
                String approvedBy = approval.map(ResetApproval::approvedBy).orElse(null);
                if (approval.isPresent() && !approval.get().take()) { // once, even if the issuer refuses
                    throw refused(staff, Target.band(serial.value()), "BAND_RECOVERED",
                            SupportException.Reason.APPROVAL_NOT_VALID, bindingId,
                            new IllegalStateException(approval.get() + " used already"));
                }
                authorisation = issuer.authorise(Command.RESET, serial, bindingId, band.challenge(),
                        BandClient.bindingPayload(bindingId), AuthorisationReason.BAND_RECOVERED, staff.username(), evidence,
                        approvedBy);
            } catch (IssuerException e) {
                SupportException.Reason refusal = e.refusal().map(code -> code == ApiErrorCode.OWNER_NOT_VERIFIED
                        ? SupportException.Reason.OWNER_NOT_VERIFIED : code == ApiErrorCode.INTERNAL
                        ? SupportException.Reason.BACKEND_UNAVAILABLE : SupportException.Reason.ISSUER_REFUSED)
                        .orElse(SupportException.Reason.BACKEND_UNAVAILABLE);
                throw refused(staff, Target.band(serial.value()), "BAND_RECOVERED", refusal, bindingId, e);
            }
            grounds = grounds(evidence, approval);
            UUID held = bindingId;
            ResetDone.Grounds on = grounds;
            database.runInTransaction(s -> {
                ResetUnderWay left = s.find(ResetUnderWay.class, serial.value());
                if (left != null) {
                    // an earlier reset of this band nobody could settle (the band was away): the band answers it now
                    boolean earlierDone = !left.bindingId().equals(held);
                    endIn(s, left.actor(), serial, left, earlierDone ? Outcome.SUCCESS : Outcome.FAILED, earlierDone
                            ? describe(left.bindingId(), left.grounds()) + ", found done when a new reset of the band began"
                            : "binding " + held + ": the band still held it when a new reset began, so this reset was"
                                    + " not done");
                }
                s.persist(new ResetUnderWay(serial.value(), held, staff.staffId(), staff.username(), on, clock.instant(),
                        reason, lifecycle.sealNote(held, note)));
            });
            progress.accept(ResetStep.RECORDED_UNDER_WAY);
            try {
                band.reset(authorisation, bindingId);
            } catch (BandException e) {
                if (e.kind() != BandException.Kind.LINK_LOST && e.kind() != BandException.Kind.TIMEOUT) {
                    ended(staff.actor(), serial, held, Outcome.FAILED, "the band refused the reset: " + e.getMessage());
                    throw e;
                }
                ResetDone settled = settleAfterDroppedLink(staff, serial, bindingId, grounds, e);
                progress.accept(ResetStep.DONE);
                return settled;
            }
        }
        progress.accept(ResetStep.BAND_RESET);
        ResetDone done = done(staff, serial, bindingId, grounds, false);
        progress.accept(ResetStep.DONE);
        return done;
    }

    /**
     * Resets the console did not see through (it stopped in the middle: a crash, kill -9, the link lost for good),
     * settled by asking each band that is heard now: factory-new or holding another binding, the reset was done;
     * still holding the binding, it was not. Each outcome is audited in the name of the member who began it; a band
     * not heard stays under way. Run at start and by {@code band reconcile}.
     *
     * @return every reset that was under way, and what became of it (empty: its band was not heard)
     */
    public List<InterruptedReset> settleInterruptedResets() {
        List<ResetUnderWay> waiting = database.inTransaction(s -> s.createSelectionQuery(
                "from ResetUnderWay r order by r.startedAt", ResetUnderWay.class).getResultList());
        List<InterruptedReset> settled = new java.util.ArrayList<>();
        for (ResetUnderWay r : waiting) {
            BandSerial serial = new BandSerial(r.bandSerial());
            try {
                Optional<BandInfo> heard = askIfHeard(serial);
                if (heard.isEmpty()) {
                    settled.add(new InterruptedReset(serial, r.bindingId(), Optional.empty()));
                    continue;
                }
                BandInfo info = heard.get();
                boolean reset = info.state() != BandState.BOUND || !info.bindingId().equals(Optional.of(r.bindingId()));
                ended(r.actor(), serial, r.bindingId(), reset ? Outcome.SUCCESS : Outcome.FAILED, reset
                        ? describe(r.bindingId(), r.grounds()) + ", confirmed by the band after the console stopped"
                                + " mid-reset"
                        : "the console stopped mid-reset and the band still holds binding " + r.bindingId()
                                + ": reset it again");
                settled.add(new InterruptedReset(serial, r.bindingId(), Optional.of(reset)));
            } catch (BandException e) {
                LOG.info("reset of {} under way since {}: the band cannot be asked now ({})", serial, r.startedAt(),
                        e.getMessage());
                settled.add(new InterruptedReset(serial, r.bindingId(), Optional.empty()));
            }
        }
        return settled;
    }

    /**
     * A binding's changes as the issuer recorded them from every store (a theft reported in another store too); empty
     * when this console is not registered or the issuer has no such binding.
     */
    public Optional<com.payband.sync.api.IssuerBindingHistory> historyAtIssuer(StaffSession staff, UUID bindingId)
            throws IssuerException {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return issuer.history(bindingId);
    }

    /** Whether a reset is recorded as under way (one a stop interrupted, or one in progress now). */
    public boolean resetsUnderWay() {
        return database.inTransaction(s -> s.createSelectionQuery("select count(r) from ResetUnderWay r", Long.class)
                .getSingleResult()) > 0;
    }

    /** A reset under way ends: its record goes with its audit event, in one transaction. */
    private void ended(com.payband.console.audit.Actor actor, BandSerial serial, UUID bindingId, Outcome outcome,
            String detail) {
        database.runInTransaction(s -> {
            ResetUnderWay r = s.find(ResetUnderWay.class, serial.value());
            endIn(s, actor, serial, r != null && r.bindingId().equals(bindingId) ? r : null, outcome, detail);
        });
    }

    /** Ends a reset in the caller's transaction: its record (if any) goes, a done one joins the binding's history. */
    private void endIn(org.hibernate.Session s, com.payband.console.audit.Actor actor, BandSerial serial,
            ResetUnderWay r, Outcome outcome, String detail) {
        if (r != null) {
            s.remove(r);
            if (outcome == Outcome.SUCCESS) {
                lifecycle.recordServed(s, r.bindingId(), com.payband.console.binding.BindingTransition.ServiceStep.BAND_RESET,
                        r.reason(), r.actor().staffId(), r.sealedNote());
            }
        }
        audit.append(s, actor, AuditAction.BAND_RESET, outcome, Target.band(serial.value()), "BAND_RECOVERED", detail);
    }

    private static String describe(UUID bindingId, ResetDone.Grounds grounds) {
        return "binding " + bindingId + switch (grounds) {
            case OWNER_VERIFIED -> ", owner re-verified";
            case ADMINISTRATOR_APPROVED -> ", approved by an administrator (RESET_APPROVED)";
            case POLICY -> ", owner not re-verified (the issuer's policy allowed it)";
        };
    }

    /** The customer's new phone, by the key code its PayBand app shows: the enrollment's phone checks. */
    public com.payband.console.enrollment.CustomerPhone acceptNewPhone(StaffSession staff, UUID customerId, String scanned)
            throws com.payband.console.enrollment.EnrollmentException {
        authorizer.require(staff, Action.LINK_PHONE);
        return enrollment.checkPhoneCode(staff, customerId, scanned);
    }

    /**
     * The owner changed phones: re-verified with their card, their band here, the issuer signs an unlink of the old
     * phone (when one is linked) and a link of the new one for their binding; the band then obeys only the new phone,
     * and the old one (kept by whoever has it now) can no longer unlock it. A band that drops the link between the two
     * is left with no phone linked: it pays for nobody until the link is made ({@link #linkPhone}).
     *
     * @param newPhone the new phone's key code, checked by the enrollment's phone step for this customer
     */
    public PhoneFingerprint replacePhone(StaffSession staff, UUID bindingId, OwnerDocument owner,
            com.payband.console.enrollment.CustomerPhone newPhone) throws SupportException, NoSuchBindingException,
            BandException, DocumentRefusedException, OwnerMismatchException {
        return replacePhone(staff, bindingId, owner, newPhone, ReasonCode.CUSTOMER_REQUEST, null);
    }

    /** As {@link #replacePhone(StaffSession, UUID, OwnerDocument, com.payband.console.enrollment.CustomerPhone)}, why
     * (one of {@link #PHONE_REASONS}) and with the member's note, both kept in the binding's history. */
    public PhoneFingerprint replacePhone(StaffSession staff, UUID bindingId, OwnerDocument owner,
            com.payband.console.enrollment.CustomerPhone newPhone, ReasonCode reason, String note)
            throws SupportException, NoSuchBindingException, BandException, DocumentRefusedException,
            OwnerMismatchException {
        return replacePhone(staff, bindingId, owner, newPhone, reason, note, step -> { });
    }

    /** As {@link #replacePhone(StaffSession, UUID, OwnerDocument, com.payband.console.enrollment.CustomerPhone,
     * ReasonCode, String)}, told each step as it begins. */
    public PhoneFingerprint replacePhone(StaffSession staff, UUID bindingId, OwnerDocument owner,
            com.payband.console.enrollment.CustomerPhone newPhone, ReasonCode reason, String note,
            java.util.function.Consumer<PhoneStep> progress) throws SupportException, NoSuchBindingException,
            BandException, DocumentRefusedException, OwnerMismatchException {
        authorizer.require(staff, Action.LINK_PHONE); // before anything is looked at
        return changePhone(staff, bindingId, ownerRequired(owner), true, Optional.of(newPhone), reason, note, progress)
                .orElseThrow();
    }

    /**
     * Frees the band's phone slot, the owner re-verified: the old phone (lost, stolen, sold) no longer unlocks the band,
     * which pays for nobody until {@link #linkPhone} links the owner's new one.
     */
    public void unlinkPhone(StaffSession staff, UUID bindingId, OwnerDocument owner) throws SupportException,
            NoSuchBindingException, BandException, DocumentRefusedException, OwnerMismatchException {
        unlinkPhone(staff, bindingId, owner, ReasonCode.CUSTOMER_REQUEST, null);
    }

    /** As {@link #unlinkPhone(StaffSession, UUID, OwnerDocument)}, why (one of {@link #PHONE_REASONS}: the old phone
     * lost, stolen, or the customer's request) and with the member's note, kept in the binding's history. */
    public void unlinkPhone(StaffSession staff, UUID bindingId, OwnerDocument owner, ReasonCode reason, String note)
            throws SupportException, NoSuchBindingException, BandException, DocumentRefusedException,
            OwnerMismatchException {
        authorizer.require(staff, Action.LINK_PHONE);
        changePhone(staff, bindingId, ownerRequired(owner), true, Optional.empty(), reason, note, step -> { });
    }

    /**
     * Every phone change is for the owner, re-verified with their card: whoever holds the band (a thief at the desk,
     * an agent on their own) never puts another phone on it.
     */
    private static Optional<OwnerDocument> ownerRequired(OwnerDocument owner) {
        if (owner == null) {
            throw new IllegalArgumentException("a band's phone is changed only for its owner, re-verified with their card");
        }
        return Optional.of(owner);
    }

    /**
     * Links the owner's new phone into the band's empty slot (after {@link #unlinkPhone}, or a change a dropped link
     * left half done), the owner re-verified again; refused while one is linked.
     */
    public PhoneFingerprint linkPhone(StaffSession staff, UUID bindingId, OwnerDocument owner,
            com.payband.console.enrollment.CustomerPhone newPhone) throws SupportException, NoSuchBindingException,
            BandException, DocumentRefusedException, OwnerMismatchException {
        return linkPhone(staff, bindingId, owner, newPhone, ReasonCode.CUSTOMER_REQUEST, null);
    }

    /** As {@link #linkPhone(StaffSession, UUID, OwnerDocument, com.payband.console.enrollment.CustomerPhone)}, why and
     * with a note. */
    public PhoneFingerprint linkPhone(StaffSession staff, UUID bindingId, OwnerDocument owner,
            com.payband.console.enrollment.CustomerPhone newPhone, ReasonCode reason, String note)
            throws SupportException, NoSuchBindingException, BandException, DocumentRefusedException,
            OwnerMismatchException {
        authorizer.require(staff, Action.LINK_PHONE);
        return changePhone(staff, bindingId, ownerRequired(owner), false, Optional.of(newPhone), reason, note,
                step -> { }).orElseThrow();
    }

    private Optional<PhoneFingerprint> changePhone(StaffSession staff, UUID bindingId, Optional<OwnerDocument> owner,
            boolean unlink, Optional<com.payband.console.enrollment.CustomerPhone> newPhone, ReasonCode why, String note,
            java.util.function.Consumer<PhoneStep> progress)
            throws SupportException, NoSuchBindingException, BandException, DocumentRefusedException,
            OwnerMismatchException {
        authorizer.require(staff, Action.LINK_PHONE);
        if (!PHONE_REASONS.contains(why)) {
            throw new IllegalArgumentException("a phone is changed for " + PHONE_REASONS + ", not " + why);
        }
        LifecycleService.keptNote(note); // a note too long is refused before the band is touched
        requireIssuer(staff, Target.binding(bindingId), "PHONE_REPLACED");
        Binding binding = lifecycle.bindingById(bindingId).orElseThrow(() -> new NoSuchBindingException(bindingId));
        requireOwnIssuer(staff, binding, "PHONE_REPLACED");
        // only an active band: a band reported lost (suspended) is found first, at the desk, with its owner
        if (binding.state() != BindingState.ACTIVE) {
            throw refused(staff, Target.binding(bindingId), "PHONE_REPLACED", SupportException.Reason.NOT_LIVE, bindingId,
                    new IllegalStateException("binding " + bindingId + " is " + binding.state()));
        }
        if (newPhone.isPresent() && !newPhone.get().customerId().equals(binding.customerId())) {
            throw new IllegalArgumentException("the phone was accepted for another customer");
        }
        byte[] evidence = null;
        if (owner.isPresent()) {
            evidence = evidenceOf(staff, new BandSerial(binding.bandSerial()), Optional.of(binding), owner.get());
        }
        BandSerial serial = new BandSerial(binding.bandSerial());
        progress.accept(PhoneStep.FINDING_BAND);
        BandAdvertisement heard = radio.find(serial, findTimeout).orElseThrow(() ->
                new SupportException(SupportException.Reason.BAND_NOT_FOUND, bindingId, "not heard: " + serial, null));
        boolean unlinked = false;
        boolean answered = true;
        Optional<PhoneFingerprint> linked = newPhone.map(p -> p.key().fingerprint());
        try (BandRadio.Lease reach = radio.lease(); BandClient band = reach.open(heard)) {
            BandInfo info = band.info();
            if (!info.bindingId().equals(Optional.of(bindingId))) {
                throw refused(staff, Target.binding(bindingId), "PHONE_REPLACED", SupportException.Reason.NOT_THIS_BAND,
                        bindingId, new IllegalStateException("band " + serial + " holds " + info.bindingId()));
            }
            if (!unlink && info.phoneLinked()) {
                throw refused(staff, Target.binding(bindingId), "PHONE_REPLACED",
                        SupportException.Reason.PHONE_STILL_LINKED, bindingId,
                        new IllegalStateException("band " + serial + " has a phone linked"));
            }
            // an earlier change of this binding a stop left under way: the band, here now, says what it did
            settlePhoneChange(bindingId, info);
            byte[] sealed = lifecycle.sealNote(bindingId, note);
            database.runInTransaction(s -> s.persist(new PhoneChangeUnderWay(bindingId, serial.value(), staff.actor(),
                    linked.orElse(null), why, sealed, clock.instant())));
            progress.accept(PhoneStep.RECORDED_UNDER_WAY);
            try {
                if (unlink && info.phoneLinked()) {
                    band.unlinkPhone(issuer.authorise(Command.UNLINK_PHONE, serial, bindingId, band.challenge(),
                            BandClient.bindingPayload(bindingId), AuthorisationReason.PHONE_REPLACED, staff.username(),
                            evidence), bindingId);
                    unlinked = true;
                    progress.accept(PhoneStep.PHONE_UNLINKED);
                }
                if (newPhone.isPresent()) {
                    band.linkPhone(issuer.authorise(Command.LINK_PHONE, serial, bindingId, band.challenge(),
                            BandClient.linkPhonePayload(bindingId, newPhone.get().key()),
                            AuthorisationReason.PHONE_REPLACED, staff.username(), evidence), bindingId,
                            newPhone.get().key());
                    progress.accept(PhoneStep.PHONE_LINKED);
                }
            } catch (IssuerException | BandException e) {
                // a lost link leaves the band's answer unknown: the change stays under way, the band settles it
                answered = !(e instanceof BandException b && (b.kind() == BandException.Kind.LINK_LOST
                        || b.kind() == BandException.Kind.TIMEOUT));
                if (unlinked) {
                    lifecycle.phoneReplaced(staff, bindingId, null, why, note); // the band obeys no phone now: say so
                }
                if (answered) {
                    phoneChangeEnded(bindingId);
                }
                if (e instanceof BandException b) {
                    throw b;
                }
                SupportException.Reason reason = ((IssuerException) e).refusal().filter(code -> code != ApiErrorCode.INTERNAL)
                        .map(code -> SupportException.Reason.ISSUER_REFUSED)
                        .orElse(SupportException.Reason.BACKEND_UNAVAILABLE);
                throw refused(staff, Target.binding(bindingId), "PHONE_REPLACED", reason, bindingId, e);
            }
        }
        lifecycle.phoneReplaced(staff, bindingId, linked.orElse(null), why, note);
        phoneChangeEnded(bindingId); // a stop in between is settled the same way: the band already agrees
        progress.accept(PhoneStep.DONE);
        return linked;
    }

    private void phoneChangeEnded(UUID bindingId) {
        database.runInTransaction(s -> {
            PhoneChangeUnderWay left = s.find(PhoneChangeUnderWay.class, bindingId);
            if (left != null) {
                s.remove(left);
            }
        });
    }

    /** Whether a phone change is recorded as under way (one a stop interrupted, or one in progress now). */
    public boolean phoneChangesUnderWay() {
        return database.inTransaction(s -> s.createSelectionQuery("select count(p) from PhoneChangeUnderWay p",
                Long.class).getSingleResult()) > 0;
    }

    /**
     * A phone change a stop left unfinished and what became of it.
     *
     * @param phone the phone the band obeys now (empty: none), or null when the band was not heard
     */
    public record InterruptedPhoneChange(BandSerial serial, UUID bindingId, Optional<PhoneFingerprint> phone) {
        public boolean settled() {
            return phone != null;
        }
    }

    /** What the band says of itself over an attested session, if it is heard now (what settles an interrupted step). */
    private Optional<BandInfo> askIfHeard(BandSerial serial) throws BandException {
        Optional<BandAdvertisement> heard = radio.find(serial, findTimeout);
        if (heard.isEmpty()) {
            return Optional.empty();
        }
        try (BandRadio.Lease reach = radio.lease(); BandClient band = reach.open(heard.get())) {
            return Optional.of(band.info());
        }
    }

    /**
     * Phone changes the console did not see through (a crash, kill -9, the link lost for good), settled by asking each
     * band that is heard now which phone it obeys: what it did is recorded in the binding's history and audited in the
     * name of the member who began the change. A band not heard stays under way. Run at start and by
     * {@code band reconcile}.
     */
    public List<InterruptedPhoneChange> settleInterruptedPhoneChanges() {
        List<PhoneChangeUnderWay> waiting = database.inTransaction(s -> s.createSelectionQuery(
                "from PhoneChangeUnderWay p order by p.startedAt", PhoneChangeUnderWay.class).getResultList());
        List<InterruptedPhoneChange> settled = new java.util.ArrayList<>();
        for (PhoneChangeUnderWay p : waiting) {
            BandSerial serial = new BandSerial(p.bandSerial());
            try {
                Optional<BandInfo> heard = askIfHeard(serial);
                if (heard.isEmpty()) {
                    settled.add(new InterruptedPhoneChange(serial, p.bindingId(), null));
                    continue;
                }
                BandInfo info = heard.get();
                settlePhoneChange(p.bindingId(), info);
                settled.add(new InterruptedPhoneChange(serial, p.bindingId(), info.linkedPhone()));
            } catch (BandException e) {
                LOG.info("phone change of {} under way since {}: the band cannot be asked now ({})", serial,
                        p.startedAt(), e.getMessage());
                settled.add(new InterruptedPhoneChange(serial, p.bindingId(), null));
            }
        }
        return settled;
    }

    /**
     * Settles the change of this binding's phone left under way (if any) by what the band says: the phone it obeys is
     * recorded when it is not the recorded one (none: the unlink took, the link did not; the new phone: both took); a
     * phone nobody asked for is not recorded, and is audited as such for someone to look at.
     */
    private void settlePhoneChange(UUID bindingId, BandInfo info) {
        PhoneChangeUnderWay left = database.inTransaction(s -> s.find(PhoneChangeUnderWay.class, bindingId));
        if (left == null) {
            return;
        }
        Optional<PhoneFingerprint> onBand = info.bindingId().equals(Optional.of(bindingId)) ? info.linkedPhone()
                : null;
        Optional<PhoneFingerprint> recorded = lifecycle.bindingById(bindingId).flatMap(Binding::phoneFingerprint);
        try {
            if (onBand == null || onBand.equals(recorded)) {
                LOG.info("phone change of binding {} begun by {}: nothing to record (the band {})", bindingId,
                        left.actor().name(), onBand == null ? "holds another binding now" : "agrees with the record");
            } else if (onBand.isEmpty() || onBand.equals(left.newPhone())) {
                lifecycle.phoneChangeSettled(left.actor(), bindingId, onBand.orElse(null), left.reason(),
                        left.sealedNote());
            } else {
                audit.record(left.actor(), AuditAction.BINDING_PHONE_CHANGED, Outcome.FAILED, Target.binding(bindingId),
                        "PHONE_REPLACED", "after a stop mid-change the band obeys phone " + onBand.get().shortForm()
                                + ", neither the recorded one nor the one asked for: not recorded");
            }
        } catch (NoSuchBindingException | IllegalStateException e) {
            LOG.warn("phone change of binding {} not settled: {}", bindingId, e.getMessage());
        }
        phoneChangeEnded(bindingId);
    }

    /** Why an old band goes when it is replaced (its binding is deactivated for it). */
    public static final java.util.Set<ReasonCode> REPLACEMENT_REASONS = java.util.EnumSet.of(ReasonCode.STOLEN,
            ReasonCode.DAMAGED, ReasonCode.REPLACED, ReasonCode.CUSTOMER_REQUEST);

    /**
     * A new band for the same customer in one go, their card read once: the owner re-verified against the old binding,
     * the old binding deactivated for the reason given (a stolen band also on the list of stolen bands), then the new
     * band enrolled with the customer's phone. Exactly one binding of theirs is active afterwards: the old one ends
     * first, so that a failed bind of the new band leaves none (enroll it again) rather than two.
     */
    public com.payband.console.enrollment.Enrolled replace(StaffSession staff, UUID oldBindingId, OwnerDocument owner,
            ReasonCode reason, String note, BandSerial newSerial, com.payband.console.enrollment.CustomerPhone phone)
            throws SupportException, NoSuchBindingException, IllegalTransitionException, DocumentRefusedException,
            OwnerMismatchException, com.payband.console.enrollment.EnrollmentException {
        if (!REPLACEMENT_REASONS.contains(reason)) {
            throw new IllegalArgumentException("a replaced band goes as " + REPLACEMENT_REASONS + ", not " + reason);
        }
        authorizer.require(staff, LifecycleService.actionFor(reason));
        authorizer.require(staff, Action.ENROLL_BAND);
        // the new band's bind needs an issuer: refused before the old binding is ended, not after
        requireIssuer(staff, Target.binding(oldBindingId), "REPLACED");
        Binding old = lifecycle.bindingById(oldBindingId).orElseThrow(() -> new NoSuchBindingException(oldBindingId));
        requireOwnIssuer(staff, old, "REPLACED"); // else the old band would go on paying at its own issuer
        if (!phone.customerId().equals(old.customerId())) {
            throw new IllegalArgumentException("the phone was accepted for another customer");
        }
        if (!old.live() || old.state() == BindingState.PENDING) {
            throw refused(staff, Target.binding(oldBindingId), "REPLACED", SupportException.Reason.NOT_LIVE, oldBindingId,
                    new IllegalStateException("binding " + oldBindingId + " is " + old.state()));
        }
        if (old.bandSerial().equals(newSerial.value())) {
            throw new IllegalArgumentException("a band does not replace itself");
        }
        customers.verifyOwner(staff, old.customerId(), owner.document(), owner.reader());
        lifecycle.transition(staff, oldBindingId, reason, Optional.empty(), note);
        return enrollment.enroll(staff, old.customerId(), newSerial, phone, s -> { });
    }

    /** What the issuer did with a report of a band enrolled at another store: its binding, now DEACTIVATED. */
    public record ReportDone(BandSerial serial, UUID bindingId, boolean changed) {
    }

    /**
     * The owner of a band enrolled at another store reports it stolen at this desk, their ID card read again: the
     * backend's issuer deactivates that store's binding once the card's evidence matches the owner it recorded, and
     * lists the band, so that it pays nowhere and every store (the enrolling one too) refuses and ends it after its
     * next sync. Needs the backend (this console holds nothing of the binding); a binding of this console's goes
     * through its own lifecycle instead. A lost band is reported at the store that enrolled it, which alone can take
     * it back into use.
     *
     * @param reportId the same when the agent tries the same report again (an answer lost): reported once
     */
    public ReportDone reportStolenForOwner(StaffSession staff, BandSerial serial, OwnerDocument owner, UUID reportId)
            throws SupportException, DocumentRefusedException {
        authorizer.require(staff, Action.REPORT_STOLEN);
        Target target = Target.band(serial.value());
        requireIssuer(staff, target, "REPORT");
        Optional<Binding> here = lifecycle.latestBindingOfBand(serial.value()).filter(Binding::live);
        if (here.isPresent()) {
            throw refused(staff, Target.binding(here.get().id()), "REPORT", SupportException.Reason.REPORT_HERE,
                    here.get().id(), new IllegalStateException("binding " + here.get().id()
                            + " is this console's: it is reported on the customer's page"));
        }
        byte[] evidence = customers.ownerEvidenceOfDocument(staff, owner.document(), serial.value());
        com.payband.sync.api.BandReport.Result result;
        try {
            result = issuer.reportStolen(serial, reportId, evidence, staff.username()).orElseThrow(() ->
                    refused(staff, target, "REPORT", SupportException.Reason.CONSOLE_NOT_REGISTERED, null,
                            new IllegalStateException("this console is not registered with a backend")));
        } catch (IssuerException e) {
            SupportException.Reason why = e.refusal().map(code -> switch (code) {
                case OWNER_NOT_VERIFIED -> SupportException.Reason.NOT_THE_OWNER;
                case UNKNOWN_BINDING -> SupportException.Reason.NOTHING_IN_FORCE;
                case RATE_LIMITED -> SupportException.Reason.REPORTS_PAUSED;
                default -> SupportException.Reason.ISSUER_REFUSED;
            }).orElse(SupportException.Reason.BACKEND_UNAVAILABLE);
            throw refused(staff, target, "REPORT", why, null, e);
        }
        UUID bindingId = UUID.fromString(result.bindingId());
        audit.record(staff.actor(), AuditAction.BINDING_TRANSITION, Outcome.SUCCESS, Target.binding(bindingId),
                ReasonCode.STOLEN.name(), "band " + serial + " of another store reported stolen by its owner (card read"
                        + " again): the issuer has its binding " + result.state() + (result.changed() ? ""
                        : ", reported before"));
        return new ReportDone(serial, bindingId, result.changed());
    }

    /** The owner's evidence: checked against the customer here when the binding is this console's, else derived. */
    private byte[] evidenceOf(StaffSession staff, BandSerial serial, Optional<Binding> known, OwnerDocument owner)
            throws DocumentRefusedException, OwnerMismatchException {
        if (known.isEmpty()) {
            return customers.ownerEvidenceOfDocument(staff, owner.document(), serial.value());
        }
        UUID customerId = known.get().customerId();
        customers.verifyOwner(staff, customerId, owner.document(), owner.reader());
        try {
            return customers.ownerEvidence(customerId);
        } catch (NoSuchCustomerException e) {
            throw new IllegalStateException("the customer just verified is gone", e);
        }
    }

    /** What a reset rested on, for its audit record and its answer. */
    private static ResetDone.Grounds grounds(byte[] evidence, Optional<ResetApproval> approval) {
        return evidence != null ? ResetDone.Grounds.OWNER_VERIFIED
                : approval.isPresent() ? ResetDone.Grounds.ADMINISTRATOR_APPROVED : ResetDone.Grounds.POLICY;
    }

    /** The reset's answer was lost with the link: the band, heard again, says whether it is factory-new now. */
    private ResetDone settleAfterDroppedLink(StaffSession staff, BandSerial serial, UUID bindingId,
            ResetDone.Grounds grounds, BandException dropped) throws SupportException {
        try {
            Optional<BandAdvertisement> again = radio.find(serial, findTimeout);
            if (again.isPresent()) {
                try (BandRadio.Lease reach = radio.lease(); BandClient band = reach.open(again.get())) {
                    BandInfo info = band.info();
                    if (info.state() != BandState.BOUND || !info.bindingId().equals(Optional.of(bindingId))) {
                        return done(staff, serial, bindingId, grounds, true);
                    }
                }
                // heard, still holding the binding: the reset was not done, and nothing is left under way
                ended(staff.actor(), serial, bindingId, Outcome.FAILED, "binding " + bindingId
                        + ": link lost before the band applied the reset; it still holds it");
                throw new SupportException(SupportException.Reason.RESET_UNCONFIRMED, bindingId, dropped.getMessage(),
                        dropped);
            }
        } catch (BandException e) {
            dropped.addSuppressed(e);
        }
        // still under way: the band, heard again at the next start or by `band reconcile`, settles it
        audit.record(staff.actor(), AuditAction.BAND_RESET, Outcome.FAILED, Target.band(serial.value()), "BAND_RECOVERED",
                "binding " + bindingId + ": link lost, the band still holds it or was not heard again");
        throw new SupportException(SupportException.Reason.RESET_UNCONFIRMED, bindingId, dropped.getMessage(), dropped);
    }

    private ResetDone done(StaffSession staff, BandSerial serial, UUID bindingId, ResetDone.Grounds grounds,
            boolean onReconnect) {
        ended(staff.actor(), serial, bindingId, Outcome.SUCCESS, describe(bindingId, grounds)
                + (onReconnect ? ", confirmed by the band after the link dropped" : ""));
        return new ResetDone(serial, bindingId, grounds, onReconnect);
    }

    /** Only an issuer signs what a band obeys: refused before an owner's card is read or a band asked anything. */
    private void requireIssuer(StaffSession staff, Target target, String what) throws SupportException {
        if (!issuer.available()) {
            throw refused(staff, target, what, SupportException.Reason.CONSOLE_NOT_REGISTERED, null,
                    new IllegalStateException("this console is not registered with a backend"));
        }
    }

    /**
     * A binding made under an earlier registration is known only to that backend's issuer: what needs the issuer
     * (resuming, a phone, a replacement) is refused here, before an owner's card is read. Blocks stay possible.
     */
    private void requireOwnIssuer(StaffSession staff, Binding binding, String what) throws SupportException {
        if (!lifecycle.issuedElsewhere(binding)) {
            return;
        }
        try {
            if (issuer.preparedByThisConsole(binding.id())) { // its stamp is older than the bind: the issuer decides
                lifecycle.issuedHere(binding.id());
                return;
            }
        } catch (IssuerException e) {
            throw refused(staff, Target.binding(binding.id()), what, SupportException.Reason.BACKEND_UNAVAILABLE,
                    binding.id(), e);
        }
        throw refused(staff, Target.binding(binding.id()), what, SupportException.Reason.ISSUED_ELSEWHERE,
                binding.id(), new IllegalStateException("binding " + binding.id()
                        + " was made under an earlier registration, with another backend's issuer"));
    }

    private SupportException refused(StaffSession staff, Target target, String what, SupportException.Reason reason,
            UUID bindingId, Exception cause) {
        audit.record(staff.actor(), switch (what) {
            case "FOUND" -> AuditAction.BINDING_TRANSITION;
            case "PHONE_REPLACED" -> AuditAction.BINDING_PHONE_CHANGED;
            case "REPLACED", "REPORT" -> AuditAction.BINDING_TRANSITION;
            default -> AuditAction.BAND_RESET;
        },
                Outcome.DENIED, target, reason.name(), what + ": " + cause.getMessage());
        return new SupportException(reason, bindingId, cause.getMessage(), cause);
    }
}

package com.payband.console.enrollment;

import com.payband.console.audit.Actor;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.bands.BandRadio;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.IllegalTransitionException;
import com.payband.console.binding.ReasonCode;
import com.payband.console.issuer.Issuer;
import com.payband.console.issuer.IssuerException;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.lifecycle.BandAlreadyBoundException;
import com.payband.console.lifecycle.LifecycleService;
import com.payband.console.lifecycle.NoSuchBindingException;
import com.payband.console.lifecycle.PhoneOfAnotherCustomerException;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BandInfo;
import com.payband.band.protocol.BindAcknowledgement;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneFingerprint;
import com.payband.band.protocol.PhoneKeyCode;
import com.payband.band.protocol.ProtocolException;
import com.payband.sync.api.AuthorisationReason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds a verified customer's band (see the package description). */
public final class EnrollmentService {

    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentService.class);
    /** A band clock further off than this is set (issuer-signed) before binding. */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(60);
    /** A phone's key code older than this is refused: the customer shows a fresh one, not a photograph. */
    static final Duration PHONE_CODE_MAX_AGE = Duration.ofMinutes(10);
    static final int MINIMUM_BATTERY = 10;

    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final LifecycleService lifecycle;
    private final Issuer issuer;
    private final BandRadio radio;
    private final Clock clock;
    private final Duration findTimeout;
    private final java.util.function.Predicate<UUID> simulatedCustomer;
    /** Whether a band waits in the offline queue (told by {@link EnrollmentQueue}): not for a direct bind then. */
    private volatile java.util.function.Predicate<String> queued = serial -> false;

    /**
     * @param simulatedCustomer whether a customer was registered from a simulator's document: a binding of theirs is
     *                          the simulator's whatever band it is (the backend tells apart what it may not accept)
     */
    public EnrollmentService(AuditTrail audit, Authorizer authorizer, LifecycleService lifecycle, Issuer issuer,
            BandRadio radio, Clock clock, Duration findTimeout, java.util.function.Predicate<UUID> simulatedCustomer) {
        this.simulatedCustomer = simulatedCustomer;
        this.audit = audit;
        this.authorizer = authorizer;
        this.lifecycle = lifecycle;
        this.issuer = issuer;
        this.radio = radio;
        this.clock = clock;
        this.findTimeout = findTimeout;
    }

    /**
     * The phone step: the key code the customer's payment app shows, as the scanner typed it (or as the
     * simulator's phone made it). Refused, and the refusal audited, when it is not a phone code, is not
     * signed by its own key, is stale, or names a phone that unlocks another customer's band.
     */
    public CustomerPhone acceptPhone(StaffSession staff, UUID customerId, String scanned) throws EnrollmentException {
        authorizer.require(staff, Action.ENROLL_BAND);
        return checkPhoneCode(staff, customerId, scanned);
    }

    /**
     * The phone step's checks (readable, signed by its own key, fresh, no other customer's), for a customer's new phone
     * at the support desk: the caller has checked its own permission (LINK_PHONE). Refusals are audited.
     */
    public CustomerPhone checkPhoneCode(StaffSession staff, UUID customerId, String scanned) throws EnrollmentException {
        PhoneKeyCode code;
        try {
            code = PhoneKeyCode.parse(scanned);
        } catch (ProtocolException e) {
            throw phoneRefused(staff, customerId, EnrollmentException.Reason.PHONE_CODE_UNREADABLE, e.getMessage());
        }
        if (!code.signedByItsKey()) {
            throw phoneRefused(staff, customerId, EnrollmentException.Reason.PHONE_CODE_INVALID,
                    "signature does not verify with the code's key");
        }
        if (!code.freshAt(clock.instant(), PHONE_CODE_MAX_AGE)) {
            throw phoneRefused(staff, customerId, EnrollmentException.Reason.PHONE_CODE_STALE, "made " + code.created());
        }
        if (lifecycle.phoneLinkedToAnotherCustomer(code.key().fingerprint(), customerId)) {
            throw phoneRefused(staff, customerId, EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER,
                    "phone " + code.key().fingerprint().shortForm());
        }
        return new CustomerPhone(customerId, code.key(), code.created());
    }

    private EnrollmentException phoneRefused(StaffSession staff, UUID customerId, EnrollmentException.Reason reason,
            String detail) {
        audit.record(staff.actor(), AuditAction.ENROLLMENT_REFUSED, Outcome.DENIED, Target.customer(customerId),
                reason.name(), null);
        return new EnrollmentException(reason, null, null, detail, null);
    }

    /**
     * Binds the band with this serial to the customer and their phone: find, attest, check, record
     * PENDING, prepare with the issuer (the phone key signed into the credential), bind, check that the
     * band links exactly the customer's phone, confirm with the band's proof. The steps are reported as
     * they happen.
     */
    public Enrolled enroll(StaffSession staff, UUID customerId, BandSerial serial, CustomerPhone phone,
            Consumer<EnrollmentStep> progress) throws EnrollmentException {
        return enroll(staff, customerId, serial, phone, progress, false);
    }

    /**
     * @param queued an enrollment of the offline queue: its phone was accepted, fresh, with the customer present when
     *               it was queued, and the bind is made later, when the issuer answers again
     */
    Enrolled enroll(StaffSession staff, UUID customerId, BandSerial serial, CustomerPhone phone,
            Consumer<EnrollmentStep> progress, boolean queued) throws EnrollmentException {
        authorizer.require(staff, Action.ENROLL_BAND);
        if (!phone.customerId().equals(customerId)) {
            throw new IllegalArgumentException("the phone was accepted for another customer");
        }
        if (!queued && !clock.instant().isBefore(phone.codeMade().plus(PHONE_CODE_MAX_AGE))) {
            throw phoneRefused(staff, customerId, EnrollmentException.Reason.PHONE_CODE_STALE,
                    "accepted long ago: made " + phone.codeMade());
        }
        if (!queued && this.queued.test(serial.value())) {
            // promised to the customer who queued it: a direct bind would take it from them
            refused(staff, serial, "ALREADY_QUEUED");
            throw new EnrollmentException(EnrollmentException.Reason.ALREADY_QUEUED, serial.value());
        }
        try (BandRadio.Lease reach = radio.lease()) {
            return enrollThrough(reach, staff, customerId, serial, phone, progress);
        }
    }

    /**
     * The bind itself, through the radio this enrollment started with: the band is found, trusted and marked simulated
     * or not by that one radio, even if staff choose another meanwhile.
     */
    private Enrolled enrollThrough(BandRadio.Lease reach, StaffSession staff, UUID customerId, BandSerial serial,
            CustomerPhone phone, Consumer<EnrollmentStep> progress) throws EnrollmentException {
        progress.accept(EnrollmentStep.FINDING_BAND);
        BandAdvertisement heard = find(reach, serial);
        settleUnfinishedBind(serial, progress);
        progress.accept(EnrollmentStep.ATTESTING);
        try (BandClient band = open(staff, reach, heard)) {
            progress.accept(EnrollmentStep.CHECKING_BAND);
            BandInfo info = band.info();
            checkBand(staff, serial, info, customerId);
            if (info.phoneLinked()) {
                // a factory band's phone slot is empty; a phone there was paired before the sale
                refused(staff, serial, "PHONE_PRELINKED");
                throw new EnrollmentException(EnrollmentException.Reason.PHONE_PRELINKED, serial.value());
            }
            if (!issuer.available()) {
                // nobody could sign the bind: refused before a binding is recorded (the band only read, and a stolen
                // or bound one refused as such above)
                refused(staff, serial, "CONSOLE_NOT_REGISTERED");
                throw new EnrollmentException(EnrollmentException.Reason.CONSOLE_NOT_REGISTERED, serial.value());
            }
            boolean clockSet = !info.clockSet()
                    || Duration.between(clock.instant(), info.clock()).abs().compareTo(CLOCK_TOLERANCE) > 0;
            // a simulated band or a simulator's card: the binding is marked simulated all the way to the backend
            boolean simulated = reach.simulated() || simulatedCustomer.test(customerId);
            UUID bindingId = lifecycle.begin(staff, serial.value(), band.band().devicePublicKey(), heard.address(),
                    customerId, simulated, clockSet, phone.fingerprint());
            progress.accept(EnrollmentStep.RECORDED_PENDING);
            BindRequest request;
            try {
                request = issuer.prepareBinding(bindingId, serial, band.band().devicePublicKey(), customerId, phone.key(),
                        staff.username(), simulated);
            } catch (IssuerException e) {
                rollBack(bindingId, "issuer: " + e.getMessage());
                throw issuerRefused(bindingId, e);
            }
            progress.accept(EnrollmentStep.ISSUER_PREPARED);
            if (clockSet) {
                // the issuer sets a clock only for a binding it is making: after the preparation
                progress.accept(EnrollmentStep.SETTING_CLOCK);
                try {
                    setClock(staff, band, serial, bindingId);
                } catch (BandException | IssuerException e) {
                    rollBack(bindingId, "the band's clock could not be set: " + e.getMessage());
                    throw e;
                }
            }
            byte[] challenge = band.challenge();
            Authorisation authorisation;
            try {
                authorisation = issuer.authorise(Command.BIND, serial, bindingId, challenge, request.payload(),
                        AuthorisationReason.ENROLLMENT, staff.username());
            } catch (IssuerException e) {
                rollBack(bindingId, "issuer: " + e.getMessage());
                throw issuerRefused(bindingId, e);
            }
            BindAcknowledgement ack;
            try {
                ack = band.bind(authorisation, request);
            } catch (BandException e) {
                if (e.kind() == BandException.Kind.REFUSED) {
                    rollBack(bindingId, "band refused: " + e.status().map(Enum::name).orElse("?"));
                    throw new EnrollmentException(EnrollmentException.Reason.BAND_REFUSED, bindingId,
                            e.status().orElse(null), e.getMessage(), e);
                }
                return afterLostBind(bindingId, customerId, serial, phone, clockSet, simulated, progress, e);
            }
            if (!ack.verify(P256.decode(band.band().devicePublicKey()), serial, challenge, request.credential())) {
                throw new EnrollmentException(EnrollmentException.Reason.PROTOCOL, bindingId, null,
                        "the band's acknowledgement does not verify; the binding stays PENDING for reconciliation", null);
            }
            if (!ack.linkedPhone().equals(Optional.of(phone.fingerprint()))) {
                throw phoneMismatch(staff.actor(), band, serial, bindingId, ack.linkedPhone());
            }
            progress.accept(EnrollmentStep.BAND_BOUND);
            lifecycle.confirm(staff, bindingId, BindProof.acknowledged(request.credential(), challenge, ack));
            progress.accept(EnrollmentStep.CONFIRMED);
            return new Enrolled(bindingId, customerId, serial, phone.fingerprint(), clockSet,
                    simulated);
        } catch (BandException e) {
            throw translate(e, null);
        } catch (IssuerException e) {
            throw issuerRefused(null, e);
        } catch (ProtocolException e) {
            throw new EnrollmentException(EnrollmentException.Reason.PROTOCOL, null, null, e.getMessage(), e);
        } catch (IllegalTransitionException | NoSuchBindingException e) {
            throw new IllegalStateException("a binding this enrollment began cannot be confirmed", e);
        } catch (BandAlreadyBoundException e) {
            throw new EnrollmentException(EnrollmentException.Reason.BOUND_TO_ANOTHER, null, null,
                    "the console has a live binding of this band", e);
        } catch (PhoneOfAnotherCustomerException e) {
            // linked elsewhere since the phone step: the commit's own check (audited by the lifecycle)
            throw new EnrollmentException(EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER, null, null, e.getMessage(), e);
        }
    }

    /**
     * The band linked a phone that is not the customer's (tampered or faulty firmware): the refusal is
     * audited, the band reset with the issuer's signature for this binding, and the binding rolled back.
     * Never ACTIVE.
     */
    private EnrollmentException phoneMismatch(Actor actor, BandClient band, BandSerial serial, UUID bindingId,
            Optional<PhoneFingerprint> linked) {
        audit.record(actor, AuditAction.ENROLLMENT_REFUSED, Outcome.DENIED, Target.binding(bindingId), "PHONE_MISMATCH",
                "band " + serial + " linked " + linked.map(PhoneFingerprint::shortForm).orElse("no phone"));
        boolean reset = resetBand(band, serial, bindingId, actor.name());
        rollBack(bindingId, "the band linked a phone that is not the customer's; "
                + (reset ? "band reset" : "band NOT reset: keep it aside"));
        return new EnrollmentException(reset ? EnrollmentException.Reason.PHONE_MISMATCH
                : EnrollmentException.Reason.PHONE_MISMATCH_NOT_RESET, bindingId, null, "linked "
                + linked.map(PhoneFingerprint::shortForm).orElse("no phone"), null);
    }

    /** What the clerk is told when the issuer could not be reached or refused. */
    private static EnrollmentException issuerRefused(UUID bindingId, IssuerException e) {
        if (e.notRegistered()) {
            return new EnrollmentException(EnrollmentException.Reason.CONSOLE_NOT_REGISTERED, bindingId, null,
                    e.getMessage(), e);
        }
        EnrollmentException.Reason reason = e.refusal().map(code -> switch (code) {
            case BAND_REPORTED_STOLEN -> EnrollmentException.Reason.REPORTED_STOLEN;
            case BAND_BOUND_ELSEWHERE -> EnrollmentException.Reason.BOUND_ELSEWHERE;
            case RATE_LIMITED -> EnrollmentException.Reason.ISSUER_BUSY;
            case INTERNAL -> EnrollmentException.Reason.ISSUER_UNAVAILABLE;
            default -> EnrollmentException.Reason.ISSUER_REFUSED;
        }).orElse(EnrollmentException.Reason.ISSUER_UNAVAILABLE);
        return new EnrollmentException(reason, bindingId, null, e.getMessage(), e);
    }

    /** Resets the band with the issuer's signature for this binding; false when it refused or could not be reached. */
    private boolean resetBand(BandClient band, BandSerial serial, UUID bindingId, String staff) {
        try {
            byte[] challenge = band.challenge();
            band.reset(issuer.authorise(Command.RESET, serial, bindingId, challenge, BandClient.bindingPayload(bindingId),
                    AuthorisationReason.PHONE_MISMATCH, staff), bindingId);
            return true;
        } catch (BandException | IssuerException e) {
            LOG.warn("band {} could not be reset after a phone mismatch: {}", serial, e.getMessage());
            return false;
        }
    }

    /** Set once by the queue: which bands wait in it. */
    void whileQueued(java.util.function.Predicate<String> waits) {
        this.queued = waits;
    }

    /**
     * What can be checked of an enrollment without the issuer, while the customer is still at the counter: the band is
     * heard, genuine, free, charged, with no phone paired before the sale. The bind itself waits in the
     * {@link EnrollmentQueue}.
     */
    void checkForQueue(StaffSession staff, UUID customerId, BandSerial serial, CustomerPhone phone)
            throws EnrollmentException {
        authorizer.require(staff, Action.ENROLL_BAND);
        if (!phone.customerId().equals(customerId)) {
            throw new IllegalArgumentException("the phone was accepted for another customer");
        }
        if (!clock.instant().isBefore(phone.codeMade().plus(PHONE_CODE_MAX_AGE))) {
            throw phoneRefused(staff, customerId, EnrollmentException.Reason.PHONE_CODE_STALE,
                    "accepted long ago: made " + phone.codeMade());
        }
        try (BandRadio.Lease reach = radio.lease(); BandClient band = open(staff, reach, find(reach, serial))) {
            BandInfo info = band.info();
            checkBand(staff, serial, info, customerId);
            if (info.phoneLinked()) {
                refused(staff, serial, "PHONE_PRELINKED");
                throw new EnrollmentException(EnrollmentException.Reason.PHONE_PRELINKED, serial.value());
            }
        } catch (BandException e) {
            throw translate(e, null);
        }
    }

    /**
     * The link dropped during BIND: contact the band again and finish the bind as the band shows it.
     */
    private Enrolled afterLostBind(UUID bindingId, UUID customerId, BandSerial serial,
            CustomerPhone phone, boolean clockSet, boolean simulated, Consumer<EnrollmentStep> progress,
            BandException cause)
            throws EnrollmentException {
        LOG.info("link lost during bind of binding {}: reconciling with the band", bindingId);
        progress.accept(EnrollmentStep.RECONCILING);
        Optional<Settled> outcome = reconcileWithBand(bindingId, serial);
        if (outcome.isEmpty()) {
            throw new EnrollmentException(EnrollmentException.Reason.UNRESOLVED, bindingId, null,
                    "band unreachable after the link dropped; the binding stays PENDING", cause);
        }
        if (outcome.get().state() == BindingState.ACTIVE) {
            progress.accept(EnrollmentStep.BAND_BOUND);
            progress.accept(EnrollmentStep.CONFIRMED);
            return new Enrolled(bindingId, customerId, serial, phone.fingerprint(), clockSet, simulated);
        }
        if (outcome.get().refusal() != null) {
            throw new EnrollmentException(outcome.get().refusal(), bindingId, null, "found when reconciling", cause);
        }
        throw new EnrollmentException(EnrollmentException.Reason.ROLLED_BACK_LINK_LOST, bindingId, null,
                "the band did not take the binding before the link dropped; rolled back", cause);
    }

    /**
     * A bind of this band that a crash (a kill in the middle) left PENDING is finished or rolled back with the band
     * now, as the band shows it, instead of the band being refused as bound.
     */
    private void settleUnfinishedBind(BandSerial serial, Consumer<EnrollmentStep> progress) throws EnrollmentException {
        Optional<Binding> latest = lifecycle.latestBindingOfBand(serial.value());
        if (latest.isPresent() && latest.get().state() == BindingState.PENDING) {
            LOG.info("binding {} of band {} was left PENDING: reconciling with the band first", latest.get().id(), serial);
            progress.accept(EnrollmentStep.SETTLING_UNFINISHED);
            reconcileWithBand(latest.get().id(), serial);
        }
    }

    /** How reconciliation left a binding, and the refusal behind a roll-back that was not the band's doing. */
    private record Settled(BindingState state, EnrollmentException.Reason refusal) {
    }

    /** One result of reconciling a PENDING binding. */
    public record Reconciliation(UUID bindingId, String bandSerial, Optional<BindingState> outcome) {
        public boolean resolved() {
            return outcome.isPresent();
        }
    }

    /**
     * Finishes every bind that began and never ended (a crash, a dropped link), as each band shows it, and
     * brings the issuer in line with the console's bindings. A band that cannot be reached stays PENDING.
     */
    public List<Reconciliation> reconcilePending(StaffSession staff) {
        authorizer.require(staff, Action.ENROLL_BAND);
        List<Reconciliation> results = new ArrayList<>();
        for (Binding binding : lifecycle.pendingBindings()) {
            Optional<BindingState> outcome;
            try {
                outcome = reconcileWithBand(binding.id(), new BandSerial(binding.bandSerial())).map(Settled::state);
            } catch (EnrollmentException e) {
                outcome = Optional.empty();
            }
            results.add(new Reconciliation(binding.id(), binding.bandSerial(), outcome));
        }
        return results;
    }

    /**
     * The console's own reconciliation at start, as the system (each outcome audited as the system's): every bind
     * that a crash left PENDING is decided where the issuer's record decides it (never prepared there, or ended
     * there: rolled back, the band cannot hold it) and otherwise by the band, if it is heard now. A bind whose band
     * is not heard stays PENDING until the band is next enrolled or {@code band reconcile} reaches it; so does every
     * bind while neither the issuer nor the band can be reached.
     *
     * @param begunBefore only binds begun before this (the console's start): a bind of this session may be under way
     */
    public List<Reconciliation> reconcileAtStart(java.time.Instant begunBefore) {
        List<Reconciliation> results = new ArrayList<>();
        for (Binding binding : lifecycle.pendingBindings()) {
            if (!binding.createdAt().isBefore(begunBefore)) {
                continue; // an enrollment of this session, perhaps under way in the wizard right now
            }
            Optional<BindingState> outcome = Optional.empty();
            try {
                Optional<BindingState> atIssuer = issuer.recordDecides(binding.issuedUnder())
                        ? issuer.bindingState(binding.id()) : Optional.of(BindingState.PENDING);
                if (atIssuer.isEmpty() || atIssuer.get() == BindingState.FAILED
                        || atIssuer.get() == BindingState.DEACTIVATED) {
                    rollBack(binding.id(), atIssuer.isEmpty() ? "the issuer never prepared the binding"
                            : "the issuer holds the binding " + atIssuer.get());
                    outcome = Optional.of(BindingState.FAILED);
                }
            } catch (IssuerException e) {
                LOG.info("reconciliation at start: the issuer cannot say about binding {}: {}", binding.id(),
                        e.getMessage());
            }
            if (outcome.isEmpty()) {
                try {
                    outcome = reconcileWithBand(binding.id(), new BandSerial(binding.bandSerial())).map(Settled::state);
                } catch (EnrollmentException e) {
                    LOG.info("reconciliation at start: binding {} stays PENDING: {}", binding.id(), e.getMessage());
                }
            }
            results.add(new Reconciliation(binding.id(), binding.bandSerial(), outcome));
        }
        if (!results.isEmpty()) {
            LOG.info("reconciliation at start: {} of {} unfinished binds decided",
                    results.stream().filter(Reconciliation::resolved).count(), results.size());
        }
        return results;
    }

    /**
     * A bind only its band can decide (the issuer prepared it, or cannot say) is decided when the band is next heard:
     * the window passes the serials each scan heard, and every bind among them that a crash left PENDING before
     * {@code begunBefore} (the console's start: a bind of this session is the wizard's to finish) is settled with its
     * band, as the system, each outcome audited.
     */
    public List<Reconciliation> reconcileHeard(java.util.Collection<String> heardSerials, java.time.Instant begunBefore) {
        List<Reconciliation> results = new ArrayList<>();
        if (heardSerials.isEmpty()) {
            return results;
        }
        java.util.Set<String> heard = java.util.Set.copyOf(heardSerials);
        for (Binding binding : lifecycle.pendingBindings()) {
            if (!heard.contains(binding.bandSerial()) || !binding.createdAt().isBefore(begunBefore)) {
                continue;
            }
            Optional<BindingState> outcome = Optional.empty();
            try {
                outcome = reconcileWithBand(binding.id(), new BandSerial(binding.bandSerial())).map(Settled::state);
            } catch (EnrollmentException e) {
                LOG.info("binding {} stays PENDING: its band was heard but {}", binding.id(), e.getMessage());
            }
            results.add(new Reconciliation(binding.id(), binding.bandSerial(), outcome));
        }
        return results;
    }

    /**
     * @return the binding's state after reconciliation, or empty when the band could not be reached. ACTIVE
     *         only when the band holds the binding and is linked to the customer's phone; a band that holds it
     *         with another phone is reset and the binding rolled back, as in a bind.
     */
    private Optional<Settled> reconcileWithBand(UUID bindingId, BandSerial serial) throws EnrollmentException {
        Binding binding = lifecycle.bindingById(bindingId).orElseThrow();
        if (binding.state() != BindingState.PENDING) {
            return Optional.of(new Settled(binding.state(), null));
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try (BandRadio.Lease reach = radio.lease()) {
                Optional<BandAdvertisement> heard = reach.find(serial, findTimeout);
                if (heard.isEmpty()) {
                    continue;
                }
                try (BandClient band = reach.open(heard.get())) {
                    BandInfo info = band.info();
                    if (info.state() == BandState.BOUND && info.bindingId().filter(bindingId::equals).isPresent()) {
                        // a binding without a recorded phone (made before protocol 2) is never confirmed blind
                        if (binding.phoneFingerprint().isEmpty() || !info.linkedPhone().equals(binding.phoneFingerprint())) {
                            EnrollmentException refusal = phoneMismatch(Actor.SYSTEM, band, serial, bindingId,
                                    info.linkedPhone());
                            return Optional.of(new Settled(BindingState.FAILED, refusal.reason()));
                        }
                        lifecycle.reconcile(bindingId, ReasonCode.BIND_CONFIRMED, BindProof.reconciled(info.encode()),
                                "the band holds the binding");
                        return Optional.of(new Settled(BindingState.ACTIVE, null));
                    }
                    rollBack(bindingId, info.state() == BandState.FACTORY ? "the band never took the binding"
                            : "the band holds another binding");
                    return Optional.of(new Settled(BindingState.FAILED, null));
                }
            } catch (BandException e) {
                LOG.info("reconciliation of binding {} could not reach its band: {}", bindingId, e.kind());
            } catch (IllegalTransitionException | NoSuchBindingException e) {
                // settled meanwhile by another path (the start's reconciliation, a scan, the next enrollment): its outcome
                BindingState now = lifecycle.bindingById(bindingId).map(Binding::state).orElse(BindingState.PENDING);
                if (now == BindingState.PENDING) {
                    throw new IllegalStateException(e);
                }
                return Optional.of(new Settled(now, null));
            }
        }
        return Optional.empty();
    }

    /**
     * The payment check: a one-time payment code from the customer's phone (its app unlocked the worn band
     * and shows the code; the scanner types it, or the simulator's owner phone makes it), checked by the
     * issuer for this binding. The console's own session with the band is never unlocked, so the code can
     * only come from the phone. The verdict is audited.
     */
    public PaymentVerdict verifyPayment(StaffSession staff, UUID bindingId, String scanned, Consumer<EnrollmentStep> progress)
            throws EnrollmentException {
        authorizer.require(staff, Action.ENROLL_BAND);
        lifecycle.bindingById(bindingId)
                .orElseThrow(() -> new EnrollmentException(EnrollmentException.Reason.BAND_NOT_FOUND, "no such binding"));
        progress.accept(EnrollmentStep.READING_PAYMENT_CODE);
        PaymentCode code;
        try {
            code = PaymentCode.parse(scanned);
        } catch (ProtocolException e) {
            throw new EnrollmentException(EnrollmentException.Reason.PAYMENT_CODE_UNREADABLE, bindingId, null,
                    e.getMessage(), e);
        }
        if (!code.bindingId().equals(bindingId)) {
            audit.record(staff.actor(), AuditAction.PAYMENT_VERIFIED, Outcome.FAILED, Target.binding(bindingId),
                    "CODE_OF_ANOTHER_BINDING", null);
            throw new EnrollmentException(EnrollmentException.Reason.PAYMENT_CODE_OF_ANOTHER_BAND, bindingId, null,
                    "code of binding " + code.bindingId(), null);
        }
        try {
            PaymentVerdict verdict = issuer.verifyPayment(code);
            lifecycle.paymentChecked(staff, bindingId, verdict.accepted(), verdict.name());
            if (!verdict.accepted()) {
                throw new EnrollmentException(EnrollmentException.Reason.PAYMENT_REFUSED, bindingId, null, verdict.name(), null);
            }
            progress.accept(EnrollmentStep.PAYMENT_VERIFIED);
            return verdict;
        } catch (IssuerException e) {
            throw new EnrollmentException(e.notRegistered() ? EnrollmentException.Reason.PAYMENT_CHECK_NOT_REGISTERED
                    : EnrollmentException.Reason.ISSUER_UNAVAILABLE, bindingId, null, e.getMessage(), e);
        }
    }

    private BandAdvertisement find(BandRadio.Lease reach, BandSerial serial) throws EnrollmentException {
        try {
            return reach.find(serial, findTimeout).orElseThrow(() ->
                    new EnrollmentException(EnrollmentException.Reason.BAND_NOT_FOUND, "not heard: " + serial));
        } catch (BandException e) {
            throw translate(e, null);
        }
    }

    private BandClient open(StaffSession staff, BandRadio.Lease reach, BandAdvertisement heard)
            throws EnrollmentException {
        try {
            return reach.open(heard);
        } catch (BandException e) {
            if (e.kind() == BandException.Kind.COUNTERFEIT) {
                refused(staff, heard.serial(), "COUNTERFEIT");
            }
            throw translate(e, null);
        }
    }

    /** Refuses a band that is not free for this customer, without revealing whose binding it holds. */
    private void checkBand(StaffSession staff, BandSerial serial, BandInfo info, UUID customerId) throws EnrollmentException {
        if (info.state() == BandState.BOUND) {
            UUID held = info.bindingId().orElse(null);
            // its binding reported stolen (here, by the backend's list), or the band on an imported list of stolen bands
            if (held != null && lifecycle.revocation(held).isPresent()
                    || lifecycle.revocation(com.payband.console.binding.Revocation.importedKey(serial.value())).isPresent()) {
                refused(staff, serial, "REPORTED_STOLEN");
                throw new EnrollmentException(EnrollmentException.Reason.REPORTED_STOLEN, serial.value());
            }
            Optional<Binding> known = held == null ? Optional.empty() : lifecycle.bindingById(held);
            if (known.isPresent() && known.get().customerId().equals(customerId) && known.get().live()) {
                throw new EnrollmentException(EnrollmentException.Reason.ALREADY_ENROLLED, serial.value());
            }
            refused(staff, serial, "BOUND_TO_ANOTHER");
            throw new EnrollmentException(EnrollmentException.Reason.BOUND_TO_ANOTHER, serial.value());
        }
        if (info.batteryPercent() < MINIMUM_BATTERY) {
            refused(staff, serial, "BATTERY_LOW");
            throw new EnrollmentException(EnrollmentException.Reason.BATTERY_LOW, serial.value());
        }
    }

    private void setClock(StaffSession staff, BandClient band, BandSerial serial, UUID bindingId)
            throws BandException, IssuerException {
        byte[] challenge = band.challenge();
        var now = clock.instant();
        band.setTime(issuer.authorise(Command.SET_TIME, serial, bindingId, challenge, BandClient.setTimePayload(now),
                AuthorisationReason.ENROLLMENT, staff.username()), now);
        // audited by lifecycle.begin, in the commit that records the PENDING binding
    }

    private void refused(StaffSession staff, BandSerial serial, String reason) {
        audit.record(staff.actor(), AuditAction.ENROLLMENT_REFUSED, Outcome.DENIED, Target.band(serial.value()), reason, null);
    }

    private void rollBack(UUID bindingId, String why) {
        try {
            lifecycle.reconcile(bindingId, ReasonCode.BIND_ROLLED_BACK, null, why);
        } catch (IllegalTransitionException | NoSuchBindingException e) {
            LOG.warn("roll-back of binding {}: {}", bindingId, e.getMessage());
        }
    }

    private static EnrollmentException translate(BandException e, UUID bindingId) {
        EnrollmentException.Reason reason = switch (e.kind()) {
            case RADIO_UNAVAILABLE -> EnrollmentException.Reason.RADIO_UNAVAILABLE;
            case NOT_FOUND, LINK_LOST, TIMEOUT -> EnrollmentException.Reason.BAND_NOT_FOUND;
            case COUNTERFEIT -> EnrollmentException.Reason.COUNTERFEIT;
            case REFUSED -> EnrollmentException.Reason.BAND_REFUSED;
            case PROTOCOL -> EnrollmentException.Reason.PROTOCOL;
        };
        return new EnrollmentException(reason, bindingId, e.status().orElse(null), e.getMessage(), e);
    }
}

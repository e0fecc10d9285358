package com.payband.console.enrollment;

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
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.drivers.band.BandSerial;
import com.payband.drivers.band.BandState;
import com.payband.drivers.band.protocol.Authorisation;
import com.payband.drivers.band.protocol.BandInfo;
import com.payband.drivers.band.protocol.BindAcknowledgement;
import com.payband.drivers.band.protocol.BindRequest;
import com.payband.drivers.band.protocol.Command;
import com.payband.drivers.band.protocol.P256;
import com.payband.drivers.band.protocol.PaymentCode;
import com.payband.drivers.band.protocol.ProtocolException;
import com.payband.drivers.band.protocol.Status;
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
    static final int MINIMUM_BATTERY = 10;

    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final LifecycleService lifecycle;
    private final Issuer issuer;
    private final BandRadio radio;
    private final Clock clock;
    private final Duration findTimeout;

    public EnrollmentService(AuditTrail audit, Authorizer authorizer, LifecycleService lifecycle, Issuer issuer,
            BandRadio radio, Clock clock, Duration findTimeout) {
        this.audit = audit;
        this.authorizer = authorizer;
        this.lifecycle = lifecycle;
        this.issuer = issuer;
        this.radio = radio;
        this.clock = clock;
        this.findTimeout = findTimeout;
    }

    /**
     * Binds the band with this serial to the customer: find, attest, check, record PENDING, prepare with
     * the issuer, bind, confirm with the band's proof. The steps are reported as they happen.
     */
    public Enrolled enroll(StaffSession staff, UUID customerId, BandSerial serial, Consumer<EnrollmentStep> progress)
            throws EnrollmentException {
        authorizer.require(staff, Action.ENROLL_BAND);
        progress.accept(EnrollmentStep.FINDING_BAND);
        BandAdvertisement heard = find(serial);
        progress.accept(EnrollmentStep.ATTESTING);
        try (BandClient band = open(staff, heard)) {
            progress.accept(EnrollmentStep.CHECKING_BAND);
            BandInfo info = band.info();
            checkBand(staff, serial, info, customerId);
            boolean clockSet = false;
            if (!info.clockSet() || Duration.between(clock.instant(), info.clock()).abs().compareTo(CLOCK_TOLERANCE) > 0) {
                progress.accept(EnrollmentStep.SETTING_CLOCK);
                setClock(staff, band, serial);
                clockSet = true;
            }
            UUID bindingId = lifecycle.begin(staff, serial.value(), band.band().devicePublicKey(), heard.address(),
                    customerId, radio.simulated() || issuer.simulated(), clockSet);
            progress.accept(EnrollmentStep.RECORDED_PENDING);
            BindRequest request;
            try {
                request = issuer.prepareBinding(bindingId, serial, band.band().devicePublicKey(), customerId);
            } catch (IssuerException e) {
                rollBack(bindingId, "issuer unavailable");
                throw new EnrollmentException(EnrollmentException.Reason.ISSUER_UNAVAILABLE, bindingId, null,
                        e.getMessage(), e);
            }
            progress.accept(EnrollmentStep.ISSUER_PREPARED);
            byte[] challenge = band.challenge();
            Authorisation authorisation = issuer.authorise(Command.BIND, serial, challenge, request.payload());
            BindAcknowledgement ack;
            try {
                ack = band.bind(authorisation, request);
            } catch (BandException e) {
                if (e.kind() == BandException.Kind.REFUSED) {
                    rollBack(bindingId, "band refused: " + e.status().map(Enum::name).orElse("?"));
                    throw new EnrollmentException(EnrollmentException.Reason.BAND_REFUSED, bindingId,
                            e.status().orElse(null), e.getMessage(), e);
                }
                return afterLostBind(staff, bindingId, customerId, serial, clockSet, progress, e);
            }
            if (!ack.verify(P256.decode(band.band().devicePublicKey()), serial, challenge, request.credential())) {
                throw new EnrollmentException(EnrollmentException.Reason.PROTOCOL, bindingId, null,
                        "the band's acknowledgement does not verify; the binding stays PENDING for reconciliation", null);
            }
            progress.accept(EnrollmentStep.BAND_BOUND);
            lifecycle.confirm(staff, bindingId, BindProof.acknowledged(request.credential(), challenge, ack));
            progress.accept(EnrollmentStep.CONFIRMED);
            return new Enrolled(bindingId, customerId, serial, clockSet, radio.simulated() || issuer.simulated());
        } catch (BandException e) {
            throw translate(e, null);
        } catch (IssuerException e) {
            throw new EnrollmentException(EnrollmentException.Reason.ISSUER_UNAVAILABLE, null, null, e.getMessage(), e);
        } catch (ProtocolException e) {
            throw new EnrollmentException(EnrollmentException.Reason.PROTOCOL, null, null, e.getMessage(), e);
        } catch (IllegalTransitionException | NoSuchBindingException e) {
            throw new IllegalStateException("a binding this enrollment began cannot be confirmed", e);
        } catch (BandAlreadyBoundException e) {
            throw new EnrollmentException(EnrollmentException.Reason.BOUND_TO_ANOTHER, null, null,
                    "the console has a live binding of this band", e);
        }
    }

    /**
     * The link dropped during BIND: contact the band again and finish the bind as the band shows it.
     */
    private Enrolled afterLostBind(StaffSession staff, UUID bindingId, UUID customerId, BandSerial serial,
            boolean clockSet, Consumer<EnrollmentStep> progress, BandException cause) throws EnrollmentException {
        LOG.info("link lost during bind of binding {}: reconciling with the band", bindingId);
        progress.accept(EnrollmentStep.RECONCILING);
        Optional<BindingState> outcome = reconcileWithBand(bindingId, serial);
        if (outcome.isEmpty()) {
            throw new EnrollmentException(EnrollmentException.Reason.UNRESOLVED, bindingId, null,
                    "band unreachable after the link dropped; the binding stays PENDING", cause);
        }
        if (outcome.get() == BindingState.ACTIVE) {
            progress.accept(EnrollmentStep.BAND_BOUND);
            progress.accept(EnrollmentStep.CONFIRMED);
            return new Enrolled(bindingId, customerId, serial, clockSet, radio.simulated() || issuer.simulated());
        }
        throw new EnrollmentException(EnrollmentException.Reason.ROLLED_BACK_LINK_LOST, bindingId, null,
                "the band did not take the binding before the link dropped; rolled back", cause);
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
    public List<Reconciliation> reconcilePending() {
        List<Reconciliation> results = new ArrayList<>();
        for (Binding binding : lifecycle.pendingBindings()) {
            Optional<BindingState> outcome;
            try {
                outcome = reconcileWithBand(binding.id(), new BandSerial(binding.bandSerial()));
            } catch (EnrollmentException e) {
                outcome = Optional.empty();
            }
            results.add(new Reconciliation(binding.id(), binding.bandSerial(), outcome));
        }
        return results;
    }

    /** @return the binding's state after reconciliation, or empty when the band could not be reached */
    Optional<BindingState> reconcileWithBand(UUID bindingId, BandSerial serial) throws EnrollmentException {
        Binding binding = lifecycle.bindingById(bindingId).orElseThrow();
        if (binding.state() != BindingState.PENDING) {
            return Optional.of(binding.state());
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Optional<BandAdvertisement> heard = radio.find(serial, findTimeout);
                if (heard.isEmpty()) {
                    continue;
                }
                try (BandClient band = radio.open(heard.get())) {
                    BandInfo info = band.info();
                    if (info.state() == BandState.BOUND && info.bindingId().filter(bindingId::equals).isPresent()) {
                        lifecycle.reconcile(bindingId, ReasonCode.BIND_CONFIRMED, BindProof.reconciled(info.encode()),
                                "the band holds the binding");
                        return Optional.of(BindingState.ACTIVE);
                    }
                    rollBack(bindingId, info.state() == BandState.FACTORY ? "the band never took the binding"
                            : "the band holds another binding");
                    return Optional.of(BindingState.FAILED);
                }
            } catch (BandException e) {
                LOG.info("reconciliation of binding {} could not reach its band: {}", bindingId, e.kind());
            } catch (IllegalTransitionException | NoSuchBindingException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the band's first payment code with the issuer: the band must be worn and unlocked from the
     * customer's phone. The verdict is audited.
     */
    public PaymentVerdict verifyPayment(StaffSession staff, UUID bindingId, Consumer<EnrollmentStep> progress)
            throws EnrollmentException {
        authorizer.require(staff, Action.ENROLL_BAND);
        Binding binding = lifecycle.bindingById(bindingId)
                .orElseThrow(() -> new EnrollmentException(EnrollmentException.Reason.BAND_NOT_FOUND, "no such binding"));
        progress.accept(EnrollmentStep.READING_PAYMENT_CODE);
        BandAdvertisement heard = find(new BandSerial(binding.bandSerial()));
        try (BandClient band = open(staff, heard)) {
            PaymentCode code;
            try {
                code = band.paymentCode();
            } catch (BandException e) {
                if (e.status().filter(s -> s == Status.NOT_UNLOCKED).isPresent()) {
                    throw new EnrollmentException(EnrollmentException.Reason.NOT_UNLOCKED, bindingId, Status.NOT_UNLOCKED,
                            "put the band on and unlock it from the customer's phone", e);
                }
                throw e;
            }
            PaymentVerdict verdict = issuer.verifyPayment(code);
            audit.record(staff.actor(), AuditAction.PAYMENT_VERIFIED, verdict.accepted() ? Outcome.SUCCESS : Outcome.FAILED,
                    Target.binding(bindingId), verdict.name(), null);
            if (!verdict.accepted()) {
                throw new EnrollmentException(EnrollmentException.Reason.PAYMENT_REFUSED, bindingId, null, verdict.name(), null);
            }
            progress.accept(EnrollmentStep.PAYMENT_VERIFIED);
            return verdict;
        } catch (BandException e) {
            throw translate(e, bindingId);
        } catch (IssuerException e) {
            throw new EnrollmentException(EnrollmentException.Reason.ISSUER_UNAVAILABLE, bindingId, null, e.getMessage(), e);
        }
    }

    private BandAdvertisement find(BandSerial serial) throws EnrollmentException {
        try {
            return radio.find(serial, findTimeout).orElseThrow(() ->
                    new EnrollmentException(EnrollmentException.Reason.BAND_NOT_FOUND, "not heard: " + serial));
        } catch (BandException e) {
            throw translate(e, null);
        }
    }

    private BandClient open(StaffSession staff, BandAdvertisement heard) throws EnrollmentException {
        try {
            return radio.open(heard);
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
            if (held != null && lifecycle.revocation(held).isPresent()) {
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

    private void setClock(StaffSession staff, BandClient band, BandSerial serial) throws BandException, IssuerException {
        byte[] challenge = band.challenge();
        var now = clock.instant();
        band.setTime(issuer.authorise(Command.SET_TIME, serial, challenge, BandClient.setTimePayload(now)), now);
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

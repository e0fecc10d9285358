package com.payband.console.lifecycle;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.binding.Band;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.BindingTransition;
import com.payband.console.binding.IllegalTransitionException;
import com.payband.console.binding.ReasonCode;
import com.payband.console.binding.Revocation;
import com.payband.console.customer.Customer;
import com.payband.console.customer.OwnerVerification;
import com.payband.console.outbox.Outbox;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Starts bindings and moves them through the lifecycle table, with permissions, history, audit and outbox. */
public final class LifecycleService {

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final Outbox outbox;
    private final Clock clock;

    public LifecycleService(Database database, AuditTrail audit, Authorizer authorizer, Outbox outbox, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The permission each reason needs: suspending, resuming and deactivating are different duties. */
    public static Action actionFor(ReasonCode reason) {
        return switch (reason) {
            case BIND_CONFIRMED, BIND_ROLLED_BACK -> Action.ENROLL_BAND;
            case LOST -> Action.SUSPEND_BINDING;
            case FOUND -> Action.RESUME_BINDING;
            case STOLEN, FRAUD, CUSTOMER_REQUEST, DAMAGED, REPLACED -> Action.DEACTIVATE_BINDING;
        };
    }

    /**
     * Records a band and starts a PENDING binding to a customer. Refused while the band has a live
     * binding: the database's unique constraint on live bindings backs this up.
     */
    public UUID begin(StaffSession staff, String bandSerial, byte[] bandPublicKey, String bleAddress, UUID customerId,
            boolean simulated) throws BandAlreadyBoundException {
        authorizer.require(staff, Action.ENROLL_BAND);
        Instant now = clock.instant();
        UUID bindingId = UUID.randomUUID();
        boolean started = database.inTransaction(s -> {
            if (s.find(Customer.class, customerId) == null) {
                throw new IllegalArgumentException("no customer " + customerId);
            }
            Band band = s.find(Band.class, bandSerial);
            if (band == null) {
                band = new Band(bandSerial, bandPublicKey, bleAddress, now, simulated);
                s.persist(band);
                audit.append(s, staff.actor(), AuditAction.BAND_REGISTERED, Outcome.SUCCESS, Target.band(bandSerial), null,
                        simulated ? "simulated" : null);
            } else {
                band.seen(bleAddress, now);
            }
            boolean live = !s.createSelectionQuery("from Binding b where b.bandSerial = :serial and b.state not in (:terminal)",
                            Binding.class)
                    .setParameter("serial", bandSerial)
                    .setParameter("terminal", List.of(BindingState.FAILED, BindingState.DEACTIVATED))
                    .getResultList().isEmpty();
            if (live) {
                return false;
            }
            Binding.Started start = Binding.start(bindingId, bandSerial, customerId, staff.staffId(), now, simulated);
            s.persist(start.binding());
            s.persist(start.transition());
            audit.append(s, staff.actor(), AuditAction.BINDING_CREATED, Outcome.SUCCESS, Target.binding(bindingId), null,
                    "band " + bandSerial + " customer " + customerId);
            outbox.append(s, "binding.created", bindingId.toString(), payload(start.binding(), null), simulated);
            return true;
        });
        if (!started) {
            audit.record(staff.actor(), AuditAction.BINDING_CREATED, Outcome.DENIED, Target.band(bandSerial),
                    "BAND_ALREADY_BOUND", null);
            throw new BandAlreadyBoundException(bandSerial);
        }
        return bindingId;
    }

    /** Applies one lifecycle transition, or refuses it (and audits the refusal). */
    public BindingState transition(StaffSession staff, UUID bindingId, ReasonCode reason,
            Optional<OwnerVerification> verification) throws IllegalTransitionException, NoSuchBindingException {
        authorizer.require(staff, actionFor(reason));
        Instant now = clock.instant();
        IllegalTransitionException[] refused = new IllegalTransitionException[1];
        BindingState result = database.inTransaction(s -> {
            Binding binding = s.find(Binding.class, bindingId);
            if (binding == null) {
                return null;
            }
            BindingTransition step;
            try {
                step = binding.apply(reason, staff.staffId(), now, verification);
            } catch (IllegalTransitionException e) {
                refused[0] = e;
                return binding.state();
            }
            s.persist(step);
            if (Revocation.revokes(reason)) {
                s.persist(new Revocation(bindingId, binding.bandSerial(), reason, now, Revocation.Source.LOCAL));
            }
            audit.append(s, staff.actor(), AuditAction.BINDING_TRANSITION, Outcome.SUCCESS, Target.binding(bindingId),
                    reason.name(), step.fromState() + " -> " + step.toState());
            outbox.append(s, "binding.state-changed", bindingId.toString(), payload(binding, reason), binding.simulated());
            return binding.state();
        });
        if (result == null) {
            throw new NoSuchBindingException(bindingId);
        }
        if (refused[0] != null) {
            audit.record(staff.actor(), AuditAction.BINDING_TRANSITION, Outcome.DENIED, Target.binding(bindingId),
                    reason.name(), refused[0].getMessage());
            throw refused[0];
        }
        return result;
    }

    public List<BindingTransition> history(StaffSession staff, UUID bindingId) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> s.createSelectionQuery(
                        "from BindingTransition t where t.bindingId = :id order by t.id", BindingTransition.class)
                .setParameter("id", bindingId).getResultList());
    }

    public Optional<Binding> binding(StaffSession staff, UUID bindingId) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> Optional.ofNullable(s.find(Binding.class, bindingId)));
    }

    private static Map<String, Object> payload(Binding binding, ReasonCode reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bindingId", binding.id().toString());
        p.put("bandSerial", binding.bandSerial());
        p.put("customerId", binding.customerId().toString());
        p.put("state", binding.state().name());
        p.put("reason", reason == null ? null : reason.name());
        p.put("at", binding.updatedAt().toString());
        return p;
    }
}

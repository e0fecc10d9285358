package com.payband.console.lifecycle;

import com.payband.console.audit.Actor;
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
import com.payband.console.customer.OwnerVerification;
import com.payband.console.outbox.Outbox;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import com.payband.band.protocol.PhoneFingerprint;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/** Starts bindings and moves them through the lifecycle table, with permissions, history, audit and outbox. */
public final class LifecycleService {

    private final com.payband.console.binding.BackendRevocationList backendList;
    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final Outbox outbox;
    private final Clock clock;
    private final List<BindingListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LivePhones livePhones;
    private final com.payband.console.crypto.FieldCipher notes;
    private final java.util.function.Supplier<String> registrationForNewBinding;
    private final java.util.function.Supplier<String> currentRegistration;

    /** The longest note a step keeps (characters). */
    public static final int NOTE_MAX_LENGTH = 500;

    /** Told, after the commit, of every binding state change (the issuer follows the console this way). */
    @FunctionalInterface
    public interface BindingListener {
        void changed(UUID bindingId, BindingState state);
    }

    public void addListener(BindingListener listener) {
        listeners.add(listener);
    }

    private void notifyListeners(UUID bindingId, BindingState state) {
        for (BindingListener l : listeners) {
            try {
                l.changed(bindingId, state);
            } catch (RuntimeException e) {
                // a listener's failure (the issuer unreachable) must not undo a committed change
            }
        }
    }

    /**
     * @param registrationForNewBinding the backend's id for this console now (null when unregistered): stamped on
     *                                  each new binding, since only that backend's issuer will know it; may register
     *                                  first (the simulator's demo backend), so asked only when a binding begins
     * @param currentRegistration       the same id as the store keeps it (null when unregistered), read without side
     *                                  effects: for lookups and stamps of existing bindings
     */
    public LifecycleService(Database database, AuditTrail audit, Authorizer authorizer, Outbox outbox,
            com.payband.console.crypto.FieldCipher notes, Clock clock,
            java.util.function.Supplier<String> registrationForNewBinding,
            java.util.function.Supplier<String> currentRegistration,
            com.payband.console.binding.BackendRevocationList backendList) {
        this.backendList = backendList;
        this.registrationForNewBinding = registrationForNewBinding;
        this.currentRegistration = currentRegistration;
        this.notes = notes;
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.outbox = outbox;
        this.clock = clock;
        this.livePhones = new LivePhones(database);
    }

    /** The permission each reason needs: suspending, resuming and deactivating are different duties. */
    public static Action actionFor(ReasonCode reason) {
        return switch (reason) {
            case BIND_CONFIRMED, BIND_ROLLED_BACK -> Action.ENROLL_BAND;
            case LOST -> Action.REPORT_LOST;
            case FOUND -> Action.RESUME_BINDING;
            case STOLEN -> Action.REPORT_STOLEN;
            case FRAUD, CUSTOMER_REQUEST, DAMAGED, REPLACED -> Action.DEACTIVATE_BINDING;
        };
    }

    /**
     * Records a band and starts a PENDING binding of it to a customer and their phone. Refused while the
     * band has a live binding (the database's unique constraint on live bindings backs this up), and
     * while the phone is linked to a live binding of another customer.
     *
     * @param phone the customer's phone that the band is to be linked to
     */
    public UUID begin(StaffSession staff, String bandSerial, byte[] bandPublicKey, String bleAddress, UUID customerId,
            boolean simulated, PhoneFingerprint phone) throws BandAlreadyBoundException, PhoneOfAnotherCustomerException {
        return begin(staff, bandSerial, bandPublicKey, bleAddress, customerId, simulated, false, phone);
    }

    /**
     * As {@link #begin(StaffSession, String, byte[], String, UUID, boolean, PhoneFingerprint)}, for a band
     * whose clock the enrollment has just set (issuer-signed): that is audited in the same commit (one
     * durable write less per first enrollment), on its own when the transaction fails.
     */
    public UUID begin(StaffSession staff, String bandSerial, byte[] bandPublicKey, String bleAddress, UUID customerId,
            boolean simulated, boolean bandClockSet, PhoneFingerprint phone)
            throws BandAlreadyBoundException, PhoneOfAnotherCustomerException {
        authorizer.require(staff, Action.ENROLL_BAND);
        java.util.Objects.requireNonNull(phone, "a binding names the customer's phone");
        Instant now = clock.instant();
        // random, not time-ordered: a band tells any phone its binding id, and each payment code carries it
        UUID bindingId = UUID.randomUUID();
        String issuedUnder = registrationForNewBinding.get();
        Started started;
        // the phone's check and the new binding as one step, so that one phone never ends up with two customers
        synchronized (livePhones) {
            boolean phoneTaken = livePhones.ownerOf(phone).filter(owner -> !owner.equals(customerId)).isPresent();
            try {
                started = database.inTransaction(s -> {
                    if (bandClockSet) {
                        audit.append(s, staff.actor(), AuditAction.BAND_CLOCK_SET, Outcome.SUCCESS, Target.band(bandSerial),
                                null, null);
                    }
                    return phoneTaken ? Started.PHONE_OF_ANOTHER_CUSTOMER : beginWithin(s, staff, bandSerial,
                            bandPublicKey, bleAddress, customerId, simulated, now, bindingId, phone, issuedUnder);
                });
            } catch (RuntimeException e) {
                if (bandClockSet) {
                    audit.record(staff.actor(), AuditAction.BAND_CLOCK_SET, Outcome.SUCCESS, Target.band(bandSerial), null,
                            null);
                }
                throw e;
            }
            if (started == Started.STARTED) {
                livePhones.linked(phone, customerId);
            }
        }
        if (started == Started.BAND_BOUND) {
            audit.record(staff.actor(), AuditAction.BINDING_CREATED, Outcome.DENIED, Target.band(bandSerial),
                    "BAND_ALREADY_BOUND", null);
            throw new BandAlreadyBoundException(bandSerial);
        }
        if (started == Started.PHONE_OF_ANOTHER_CUSTOMER) {
            audit.record(staff.actor(), AuditAction.BINDING_CREATED, Outcome.DENIED, Target.band(bandSerial),
                    "PHONE_OF_ANOTHER_CUSTOMER", null);
            throw new PhoneOfAnotherCustomerException(phone.shortForm());
        }
        return bindingId;
    }

    private enum Started { STARTED, BAND_BOUND, PHONE_OF_ANOTHER_CUSTOMER }

    /** The band's sighting is recorded whatever the outcome. */
    private Started beginWithin(Session s, StaffSession staff, String bandSerial, byte[] bandPublicKey,
            String bleAddress, UUID customerId, boolean simulated, Instant now, UUID bindingId, PhoneFingerprint phone,
            String issuedUnder) {
        // existence only: loading the customer would read its sealed identity and portrait for nothing
        if (s.createSelectionQuery("select c.id from Customer c where c.id = :id", UUID.class)
                .setParameter("id", customerId).uniqueResultOptional().isEmpty()) {
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
        // two parameters, not "not in (:list)": Hibernate translates a query with a list parameter afresh each time
        boolean live = !s.createSelectionQuery("select b.id from Binding b where b.bandSerial = :serial"
                        + " and b.state <> :failed and b.state <> :deactivated", UUID.class)
                .setParameter("serial", bandSerial)
                .setParameter("failed", BindingState.FAILED)
                .setParameter("deactivated", BindingState.DEACTIVATED)
                .setMaxResults(1)
                .getResultList().isEmpty();
        if (live) {
            return Started.BAND_BOUND;
        }
        Binding.Started start = Binding.start(bindingId, bandSerial, customerId, staff.staffId(), now, simulated, phone);
        start.binding().issueUnder(issuedUnder);
        s.persist(start.binding());
        s.persist(start.transition());
        audit.append(s, staff.actor(), AuditAction.BINDING_CREATED, Outcome.SUCCESS, Target.binding(bindingId), null,
                "band " + bandSerial + " customer " + customerId);
        outbox.append(s, "binding.created", bindingId.toString(), payload(start.binding(), null, staff.actor()), simulated);
        return Started.STARTED;
    }

    /** Applies one lifecycle transition, or refuses it (and audits the refusal). */
    public BindingState transition(StaffSession staff, UUID bindingId, ReasonCode reason,
            Optional<OwnerVerification> verification) throws IllegalTransitionException, NoSuchBindingException {
        return transition(staff, bindingId, reason, verification, null);
    }

    /**
     * As {@link #transition(StaffSession, UUID, ReasonCode, Optional)}, with the member's note on it (what the customer
     * said, the band's state): kept sealed with the step, shown in its history.
     *
     * @param note null or blank for none; at most {@link #NOTE_MAX_LENGTH} characters
     */
    public BindingState transition(StaffSession staff, UUID bindingId, ReasonCode reason,
            Optional<OwnerVerification> verification, String note)
            throws IllegalTransitionException, NoSuchBindingException {
        authorizer.require(staff, actionFor(reason));
        String kept = keptNote(note);
        try {
            return step(bindingId, reason, staff.staffId(), verification, null, staff.actor(), null, kept);
        } catch (IllegalTransitionException refused) {
            audit.record(staff.actor(), AuditAction.BINDING_TRANSITION, Outcome.DENIED, Target.binding(bindingId),
                    reason.name(), refused.getMessage());
            throw refused;
        }
    }

    /**
     * A member's note as it is kept: stripped, null when blank; refused when longer than {@link #NOTE_MAX_LENGTH}, or
     * when it holds control characters (but line breaks and tabs) or bidirectional overrides, with which a note shown
     * in the history could pass for other text or other entries.
     */
    public static String keptNote(String note) {
        String kept = note == null || note.isBlank() ? null : note.strip();
        if (kept != null && kept.length() > NOTE_MAX_LENGTH) {
            throw new IllegalArgumentException("a note has at most " + NOTE_MAX_LENGTH + " characters");
        }
        if (kept != null && kept.chars().anyMatch(c -> (Character.isISOControl(c) && c != '\n' && c != '\t')
                || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069))) {
            throw new IllegalArgumentException("a note holds no control characters nor direction overrides");
        }
        return kept;
    }

    /** A member's note on a step of this binding, sealed as every step's note is; null for none. */
    public byte[] sealNote(UUID bindingId, String note) {
        String kept = keptNote(note);
        return kept == null ? null : notes.encrypt(kept, noteContext(bindingId));
    }

    /**
     * Records, in the caller's transaction, a step that served this binding without moving it (its band reset, its
     * phone changed) in its history, with who, why and the member's note ({@link #sealNote}); nothing when this
     * console does not know the binding (a band recovered in another store than its owner's).
     *
     * @param staffId null: the member who began the binding (a step the console settled by itself)
     */
    public void recordServed(Session s, UUID bindingId, BindingTransition.ServiceStep step, ReasonCode reason,
            UUID staffId, byte[] sealedNote) {
        Binding binding = s.find(Binding.class, bindingId);
        if (binding == null) {
            return;
        }
        BindingTransition served = BindingTransition.served(binding, step, reason,
                staffId != null ? staffId : binding.createdBy(), clock.instant());
        if (sealedNote != null) {
            served.attachSealedNote(sealedNote);
        }
        s.persist(served);
    }

    /**
     * Confirms a bind with the band's proof (its signed acknowledgement), in one transaction: ACTIVE,
     * history, proof kept, audit, outbox.
     */
    public void confirm(StaffSession staff, UUID bindingId, byte[] proof) throws IllegalTransitionException,
            NoSuchBindingException {
        authorizer.require(staff, Action.ENROLL_BAND);
        step(bindingId, ReasonCode.BIND_CONFIRMED, staff.staffId(), Optional.empty(), proof, staff.actor(), null, null);
    }

    /**
     * Finishes a bind the console could not finish itself (a dropped link, a crash), as the band showed
     * it: BIND_CONFIRMED when the band holds the binding, BIND_ROLLED_BACK when it does not. Recorded in
     * the name of the staff member who began the bind; the audit says the console did it, and why.
     * Only the enrollment feature calls this.
     */
    public BindingState reconcile(UUID bindingId, ReasonCode outcome, byte[] proof, String why)
            throws IllegalTransitionException, NoSuchBindingException {
        if (outcome != ReasonCode.BIND_CONFIRMED && outcome != ReasonCode.BIND_ROLLED_BACK) {
            throw new IllegalArgumentException("a bind ends confirmed or rolled back");
        }
        return step(bindingId, outcome, null, Optional.empty(), proof, Actor.SYSTEM, why, null);
    }

    /**
     * One step of the lifecycle table in one transaction: history, revocation of a stolen band, the bind
     * proof, audit and outbox; listeners are told after the commit.
     *
     * @param staffId who the history names; null for the member who began the bind
     * @param why     set when the console itself finishes a bind (reconciliation)
     */
    private BindingState step(UUID bindingId, ReasonCode reason, UUID staffId, Optional<OwnerVerification> verification,
            byte[] proof, Actor actor, String why, String note) throws IllegalTransitionException, NoSuchBindingException {
        Instant now = clock.instant();
        IllegalTransitionException[] refused = new IllegalTransitionException[1];
        BindingState result = database.inTransaction(s -> {
            Binding binding = s.find(Binding.class, bindingId);
            if (binding == null) {
                return null;
            }
            BindingTransition step;
            try {
                step = binding.apply(reason, staffId != null ? staffId : binding.createdBy(), now, verification);
            } catch (IllegalTransitionException e) {
                refused[0] = e;
                return binding.state();
            }
            if (note != null) {
                step.attachSealedNote(notes.encrypt(note, noteContext(bindingId)));
            }
            s.persist(step);
            if (Revocation.revokes(reason)) {
                s.persist(new Revocation(bindingId, binding.bandSerial(), reason, now, Revocation.Source.LOCAL));
            }
            if (proof != null) {
                binding.keepProof(proof);
            }
            audit.append(s, actor, why == null ? AuditAction.BINDING_TRANSITION : AuditAction.BINDING_RECONCILED,
                    Outcome.SUCCESS, Target.binding(bindingId), reason.name(),
                    step.fromState() + " -> " + step.toState() + (why == null ? "" : " " + why));
            // a block (lost, stolen, fraud...) leaves before the routine queue: other stores refuse the band sooner
            boolean blocks = binding.state() == BindingState.SUSPENDED || binding.state() == BindingState.DEACTIVATED;
            outbox.append(s, "binding.state-changed", bindingId.toString(), payload(binding, reason, actor),
                    binding.simulated(), blocks);
            return binding.state();
        });
        if (result == null) {
            throw new NoSuchBindingException(bindingId);
        }
        if (refused[0] != null) {
            throw refused[0];
        }
        if (result.terminal()) {
            livePhones.forget(); // its phone may be free now
        }
        notifyListeners(bindingId, result);
        return result;
    }

    /**
     * Records that the band of this live binding now obeys the owner's new phone (the band took the issuer-signed link),
     * or no phone (null: the old one unlinked):
     * the binding names it, its history has the step (why, the member's sealed note), the audit says who and from which
     * phone to which, the backend learns it from the outbox.
     * The old phone is free from now on; the new one belongs to this customer.
     */
    public void phoneReplaced(StaffSession staff, UUID bindingId, PhoneFingerprint phone, ReasonCode reason, String note)
            throws NoSuchBindingException {
        authorizer.require(staff, Action.LINK_PHONE);
        phoneRecorded(staff.actor(), bindingId, phone, reason, sealNote(bindingId, note), null);
    }

    /**
     * A phone change the band made while the console that began it stopped (settled by asking the band): recorded as
     * {@link #phoneReplaced} records one, in the name of the member who began it, with the note they sealed then.
     */
    public void phoneChangeSettled(Actor begunBy, UUID bindingId, PhoneFingerprint phone, ReasonCode reason,
            byte[] sealedNote) throws NoSuchBindingException {
        phoneRecorded(begunBy, bindingId, phone, reason, sealedNote, "settled by asking the band after the console"
                + " stopped mid-change");
    }

    private void phoneRecorded(Actor actor, UUID bindingId, PhoneFingerprint phone, ReasonCode reason, byte[] sealed,
            String how) throws NoSuchBindingException {
        Instant now = clock.instant();
        Boolean done = database.inTransaction(s -> {
            Binding binding = s.find(Binding.class, bindingId);
            if (binding == null) {
                return null;
            }
            String before = binding.phoneFingerprint().map(PhoneFingerprint::shortForm).orElse("none");
            binding.phoneReplaced(phone, now);
            recordServed(s, bindingId, phone == null ? BindingTransition.ServiceStep.PHONE_UNLINKED
                    : BindingTransition.ServiceStep.PHONE_LINKED, reason, actor.staffId(), sealed);
            audit.append(s, actor, AuditAction.BINDING_PHONE_CHANGED, Outcome.SUCCESS, Target.binding(bindingId),
                    phone == null ? "PHONE_UNLINKED" : "PHONE_REPLACED",
                    "phone " + before + " -> " + (phone == null ? "none" : phone.shortForm())
                            + (how == null ? "" : ", " + how));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("bindingId", bindingId.toString());
            p.put("bandSerial", binding.bandSerial());
            p.put("phoneFingerprint", phone == null ? null : phone.hex());
            p.put("at", now.toString());
            p.put("staff", actor.name());
            outbox.append(s, "binding.phone-changed", bindingId.toString(), p, binding.simulated());
            return Boolean.TRUE;
        });
        if (done == null) {
            throw new NoSuchBindingException(bindingId);
        }
        livePhones.forget(); // the old phone is free, the new one taken
    }

    /**
     * Whether this phone is linked to a live binding of someone other than this customer: one phone
     * unlocks one person's bands, else one person could pay as another. Answered from memory (see
     * {@link LivePhones}); {@link #begin} checks it again as it records the binding.
     */
    public boolean phoneLinkedToAnotherCustomer(PhoneFingerprint phone, UUID customerId) {
        return livePhones.ownerOf(phone).filter(owner -> !owner.equals(customerId)).isPresent();
    }

    /** Bindings whose bind began and never ended (a crash, a dropped link): reconciliation's work list. */
    public List<Binding> pendingBindings() {
        return database.inTransaction(s -> s.createSelectionQuery(
                        "from Binding b where b.state = :p order by b.createdAt", Binding.class)
                .setParameter("p", BindingState.PENDING).getResultList());
    }

    /** The newest binding the console knows for this band (any state), without staff context: no personal data. */
    public Optional<Binding> latestBindingOfBand(String bandSerial) {
        return database.inTransaction(s -> s.createSelectionQuery(
                        "from Binding b where b.bandSerial = :serial order by b.createdAt desc", Binding.class)
                .setParameter("serial", bandSerial).setMaxResults(1).uniqueResultOptional());
    }

    /**
     * What a payment check of this binding found, audited (PAYMENT_VERIFIED with the issuer's verdict); an accepted code
     * settles a check that was due (a bind made from the queue after the customer left) in the same transaction.
     */
    public void paymentChecked(StaffSession staff, UUID bindingId, boolean accepted, String verdict) {
        authorizer.require(staff, Action.ENROLL_BAND);
        database.runInTransaction(s -> {
            Binding binding = s.find(Binding.class, bindingId);
            if (accepted && binding != null && binding.paymentCheckDue()) {
                binding.paymentCheckDue(false);
            }
            audit.append(s, staff.actor(), AuditAction.PAYMENT_VERIFIED, accepted ? Outcome.SUCCESS : Outcome.FAILED,
                    Target.binding(bindingId), verdict, null);
        });
    }

    /**
     * Made under an earlier registration (by its stamp): the current backend's issuer does not know this binding. False
     * while unregistered. A lookup: it never registers (not even with the simulator's demo backend).
     */
    public boolean issuedElsewhere(Binding binding) {
        return binding.issuedElsewhere(currentRegistration.get());
    }

    /**
     * The current backend's issuer holds this binding as this console's: it is stamped with this registration (the
     * caller has just asked that backend, so there is one; nothing is stamped while unregistered).
     */
    public void issuedHere(UUID bindingId) {
        String now = currentRegistration.get();
        database.runInTransaction(s -> {
            Binding b = s.find(Binding.class, bindingId);
            if (b != null && now != null) {
                b.issueUnder(now);
            }
        });
    }

    public Optional<Binding> bindingById(UUID bindingId) {
        return database.inTransaction(s -> Optional.ofNullable(s.find(Binding.class, bindingId)));
    }

    /** Of these band serials, those with a binding reported stolen or fraudulent (here or on the backend's list). */
    public java.util.Set<String> serialsWithRevocation(java.util.Collection<String> serials) {
        if (serials.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> found = backendList.bandsAmong(serials);
        found.addAll(database.inTransaction(s -> s.createSelectionQuery(
                "select distinct r.bandSerial from Revocation r where r.bandSerial in (:serials)", String.class)
                .setParameter("serials", serials).getResultList()));
        return found;
    }

    /** Every report of this band as stolen or fraudulent this console knows (its own and the backend's list), newest first. */
    public List<Revocation> revocationsOfBand(String bandSerial) {
        List<Revocation> found = new java.util.ArrayList<>(database.inTransaction(s -> s.createSelectionQuery(
                        "from Revocation r where r.bandSerial = :serial", Revocation.class)
                .setParameter("serial", bandSerial).getResultList()));
        java.util.Set<UUID> kept = new java.util.HashSet<>();
        found.forEach(r -> kept.add(r.bindingId()));
        // a binding this console revoked itself keeps its own record (its own time and source)
        backendList.ofBand(bandSerial).stream().filter(r -> !kept.contains(r.bindingId())).forEach(found::add);
        found.sort(java.util.Comparator.comparing(Revocation::reportedAt).reversed());
        return found;
    }

    /** The band as this console recorded it when it last enrolled or saw it in a bind (no personal data). */
    public Optional<Band> band(String bandSerial) {
        return database.inTransaction(s -> Optional.ofNullable(s.find(Band.class, bandSerial)));
    }

    /** The report of this binding as stolen or fraudulent: this console's own record, else the backend's list's. */
    public Optional<Revocation> revocation(UUID bindingId) {
        return database.inTransaction(s -> Optional.ofNullable(s.find(Revocation.class, bindingId)))
                .or(() -> backendList.byBinding(bindingId));
    }

    /** One step of a binding's history, with the name of the member who made it (as the audit names them). */
    public record HistoryEntry(BindingTransition step, String staff, Optional<String> note) {
    }

    private static String noteContext(UUID bindingId) {
        return "binding-transition/note/" + bindingId;
    }

    /** A binding's history, oldest first, each step with who made it. */
    public List<HistoryEntry> historyWithStaff(StaffSession staff, UUID bindingId) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> s.createSelectionQuery("select t, a.username from BindingTransition t"
                        + " left join StaffAccount a on a.id = t.staffId where t.bindingId = :id order by t.id", Object[].class)
                .setParameter("id", bindingId).getResultList().stream()
                .map(row -> {
                    BindingTransition t = (BindingTransition) row[0];
                    return new HistoryEntry(t, row[1] == null ? "" : (String) row[1],
                            t.sealedNote().map(n -> notes.decryptString(n, noteContext(bindingId))));
                }).toList());
    }

    public List<BindingTransition> history(StaffSession staff, UUID bindingId) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> s.createSelectionQuery(
                        "from BindingTransition t where t.bindingId = :id order by t.id", BindingTransition.class)
                .setParameter("id", bindingId).getResultList());
    }

    /** A customer's bindings, newest first. */
    public List<Binding> bindingsOfCustomer(StaffSession staff, UUID customerId) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> s.createSelectionQuery(
                        "from Binding b where b.customerId = :c order by b.createdAt desc", Binding.class)
                .setParameter("c", customerId).getResultList());
    }

    /** How many binds were confirmed (bindings that became ACTIVE) since this instant: the day's enrollments. */
    public long enrollmentsSince(Instant since) {
        return database.inTransaction(s -> s.createSelectionQuery(
                        "select count(t) from BindingTransition t where t.toState = :a and t.fromState = :p and t.at >= :since",
                        Long.class)
                .setParameter("a", BindingState.ACTIVE).setParameter("p", BindingState.PENDING)
                .setParameter("since", since).getSingleResult());
    }

    public Optional<Binding> binding(StaffSession staff, UUID bindingId) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> Optional.ofNullable(s.find(Binding.class, bindingId)));
    }

    /**
     * This console's bindings that the backend's list of stolen bands says another store ended (their owner reported
     * the band stolen there, their card read again): each still live here is deactivated as the system, in the list's
     * own transaction, and audited. Nothing is sent back: the issuer has them so already.
     *
     * @param revoked the list's new entries: binding → reason
     * @return how many bindings of this console were ended; once committed, {@link #endedElsewhereCommitted}
     */
    public int endedElsewhere(Session s, Map<UUID, ReasonCode> revoked) {
        Instant now = clock.instant();
        List<UUID> ids = List.copyOf(revoked.keySet());
        int ended = 0;
        for (int i = 0; i < ids.size(); i += 1000) {
            List<Binding> live = s.createSelectionQuery("from Binding b where b.id in :ids and b.state in :live",
                            Binding.class).setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 1000)))
                    .setParameter("live", List.of(BindingState.ACTIVE, BindingState.SUSPENDED)).getResultList();
            for (Binding binding : live) {
                ReasonCode reason = revoked.get(binding.id());
                BindingTransition step;
                try {
                    step = binding.apply(reason, binding.createdBy(), now, Optional.empty());
                } catch (IllegalTransitionException e) {
                    continue; // no such step from its state: the list still refuses the band
                }
                s.persist(step);
                audit.append(s, Actor.SYSTEM, AuditAction.BINDING_RECONCILED, Outcome.SUCCESS,
                        Target.binding(binding.id()), reason.name(), step.fromState() + " -> " + step.toState()
                                + " reported at another store (the backend's list of stolen bands)");
                ended++;
            }
        }
        return ended;
    }

    /** After {@link #endedElsewhere}'s transaction: the ended bindings' phones are free again. */
    public void endedElsewhereCommitted() {
        livePhones.forget();
    }

    /** An event's fields; {@code staff} is who did it, as the audit names them (the issuer records it). */
    private static Map<String, Object> payload(Binding binding, ReasonCode reason, Actor actor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bindingId", binding.id().toString());
        p.put("bandSerial", binding.bandSerial());
        p.put("customerId", binding.customerId().toString());
        p.put("state", binding.state().name());
        p.put("reason", reason == null ? null : reason.name());
        p.put("at", binding.updatedAt().toString());
        p.put("staff", actor.name());
        return p;
    }
}

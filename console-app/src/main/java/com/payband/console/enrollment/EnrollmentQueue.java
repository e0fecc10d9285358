package com.payband.console.enrollment;

import com.payband.band.BandSerial;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.ProtocolException;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollments taken while the issuer cannot be reached. Binding needs the issuer; the document, the consent, the
 * customer's phone and the band's own checks do not. So the clerk finishes all of that with the customer at the
 * counter, the band waits here, and it is bound (by whoever may enroll and is at the console, or by the window on its
 * own once a sync succeeds) when the backend answers again. Each entry ends DONE (bound), FAILED (refused for good: a
 * band reported stolen or bound elsewhere meanwhile) or REMOVED (by staff); queuing, failures and removals are audited,
 * the bind itself is audited as every bind is.
 */
public final class EnrollmentQueue {

    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentQueue.class);
    /**
     * Refusals about this band or this customer that no later round can change: the entry ends. Anything else (the
     * band away or flat, a dropped link, the issuer away, busy or refusing this console) leaves it waiting.
     */
    private static final Set<EnrollmentException.Reason> ENDS = EnumSet.of(
            EnrollmentException.Reason.COUNTERFEIT, EnrollmentException.Reason.BOUND_TO_ANOTHER,
            EnrollmentException.Reason.BOUND_ELSEWHERE, EnrollmentException.Reason.REPORTED_STOLEN,
            EnrollmentException.Reason.PHONE_PRELINKED, EnrollmentException.Reason.PHONE_MISMATCH,
            EnrollmentException.Reason.PHONE_MISMATCH_NOT_RESET, EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER,
            EnrollmentException.Reason.BAND_REFUSED, EnrollmentException.Reason.PHONE_CODE_UNREADABLE);
    /**
     * Refusals that say nothing about the entry but that the issuer cannot bind for this console now (unreachable,
     * busy, or refusing the console itself: revoked, its certificate out of date): the round stops, everything waits.
     */
    private static final Set<EnrollmentException.Reason> STOPS = EnumSet.of(
            EnrollmentException.Reason.ISSUER_UNAVAILABLE, EnrollmentException.Reason.ISSUER_BUSY,
            EnrollmentException.Reason.ISSUER_REFUSED, EnrollmentException.Reason.CONSOLE_NOT_REGISTERED);

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final EnrollmentService enrollment;
    private final Clock clock;
    /** One round at a time: the window's own round and a clerk's "Bind now" never bind the same entry twice. */
    private final ReentrantLock round = new ReentrantLock();

    public EnrollmentQueue(Database database, AuditTrail audit, Authorizer authorizer, EnrollmentService enrollment,
            Clock clock) {
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.enrollment = enrollment;
        this.clock = clock;
        enrollment.whileQueued(this::waits);
    }

    /** Whether this band waits in the queue. */
    public boolean waits(String bandSerial) {
        return database.inTransaction(s -> s.createSelectionQuery("select count(q) from QueuedEnrollment q"
                + " where q.bandSerial = :b and q.state = :w", Long.class).setParameter("b", bandSerial)
                .setParameter("w", QueuedEnrollment.State.WAITING).getSingleResult() > 0);
    }

    /**
     * Queues the bind of this band to the customer and their phone, after checking the band now (heard, genuine,
     * free, charged): a band that could never be bound is refused while the customer is still here.
     */
    public QueuedEnrollment queue(StaffSession staff, UUID customerId, BandSerial serial, CustomerPhone phone)
            throws EnrollmentException {
        authorizer.require(staff, Action.ENROLL_BAND);
        enrollment.checkForQueue(staff, customerId, serial, phone);
        EnrollmentException.Reason[] refused = new EnrollmentException.Reason[1];
        QueuedEnrollment queued = database.inTransaction(s -> {
            long waiting = s.createSelectionQuery("select count(q) from QueuedEnrollment q where q.bandSerial = :b"
                    + " and q.state = :w", Long.class).setParameter("b", serial.value())
                    .setParameter("w", QueuedEnrollment.State.WAITING).getSingleResult();
            if (waiting > 0) {
                refused[0] = EnrollmentException.Reason.ALREADY_QUEUED;
                return null;
            }
            // one phone unlocks one person's bands: a phone queued for another customer is refused now, not later
            long otherCustomer = s.createSelectionQuery("select count(q) from QueuedEnrollment q where q.phoneKey = :k"
                    + " and q.state = :w and q.customerId <> :c", Long.class).setParameter("k", phone.key().encoded())
                    .setParameter("w", QueuedEnrollment.State.WAITING).setParameter("c", customerId).getSingleResult();
            if (otherCustomer > 0) {
                refused[0] = EnrollmentException.Reason.PHONE_OF_ANOTHER_CUSTOMER;
                return null;
            }
            QueuedEnrollment q = new QueuedEnrollment(customerId, serial.value(), phone.key().encoded(),
                    phone.codeMade(), staff.username(), clock.instant());
            s.persist(q);
            s.flush();
            audit.append(s, staff.actor(), AuditAction.ENROLLMENT_QUEUED, Outcome.SUCCESS, Target.band(serial.value()),
                    null, "queue entry " + q.id() + ", customer " + customerId + ", phone "
                            + phone.fingerprint().shortForm());
            return q;
        });
        if (queued == null) {
            audit.record(staff.actor(), AuditAction.ENROLLMENT_REFUSED, Outcome.DENIED, Target.band(serial.value()),
                    refused[0].name(), "not queued");
            throw new EnrollmentException(refused[0], serial.value());
        }
        return queued;
    }

    /** The enrollments still waiting, oldest first. */
    public List<QueuedEnrollment> waiting() {
        return database.inTransaction(s -> s.createSelectionQuery("from QueuedEnrollment q where q.state = :w"
                + " order by q.id", QueuedEnrollment.class).setParameter("w", QueuedEnrollment.State.WAITING)
                .getResultList());
    }

    public long waitingCount() {
        return database.inTransaction(s -> s.createSelectionQuery("select count(q) from QueuedEnrollment q"
                + " where q.state = :w", Long.class).setParameter("w", QueuedEnrollment.State.WAITING).getSingleResult());
    }

    /** The entries that ended since this instant (bound or refused), newest first: what the home screen reports. */
    public List<QueuedEnrollment> endedSince(java.time.Instant since) {
        return database.inTransaction(s -> s.createSelectionQuery("from QueuedEnrollment q where q.endedAt >= :t"
                + " and q.state <> :r order by q.id desc", QueuedEnrollment.class).setParameter("t", since)
                .setParameter("r", QueuedEnrollment.State.REMOVED).getResultList());
    }

    /**
     * The entries bound since this instant whose binding no one has yet seen pay (the customer had left): newest first,
     * listed until a payment code of the customer's phone is accepted for it.
     */
    public List<QueuedEnrollment> boundAwaitingPaymentCheck(java.time.Instant since) {
        return database.inTransaction(s -> s.createSelectionQuery("select q from QueuedEnrollment q, Binding b"
                + " where b.id = q.bindingId and q.state = :done and q.endedAt >= :t and b.paymentCheckDue = true"
                + " and b.state = :active order by q.id desc", QueuedEnrollment.class)
                .setParameter("done", QueuedEnrollment.State.DONE).setParameter("t", since)
                .setParameter("active", com.payband.console.binding.BindingState.ACTIVE).getResultList());
    }

    public Optional<QueuedEnrollment> entry(long id) {
        return database.inTransaction(s -> Optional.ofNullable(s.find(QueuedEnrollment.class, id)));
    }

    /**
     * Takes an enrollment out of the queue (the customer changed their mind, the band went elsewhere), or clears a
     * refused one from the list once the customer was told.
     */
    public void remove(StaffSession staff, long id) {
        authorizer.require(staff, Action.ENROLL_BAND);
        database.runInTransaction(s -> {
            QueuedEnrollment q = s.find(QueuedEnrollment.class, id);
            if (q == null || (q.state() != QueuedEnrollment.State.WAITING
                    && q.state() != QueuedEnrollment.State.FAILED)) {
                return;
            }
            q.ended(QueuedEnrollment.State.REMOVED, null, clock.instant());
            audit.append(s, staff.actor(), AuditAction.ENROLLMENT_UNQUEUED, Outcome.SUCCESS,
                    Target.band(q.bandSerial()), "REMOVED", "queue entry " + id);
        });
    }

    /**
     * How one round went.
     *
     * @param issuerUnavailable the round stopped early: the issuer could not be reached, or asked this console to wait
     */
    public record Round(int bound, int failed, int stillWaiting, boolean issuerUnavailable) {
    }

    /**
     * Binds the waiting enrollments, oldest first, as this member of staff (the issuer records them as the one who
     * bound). Stops at the first "issuer unavailable" or "wait a moment" (the issuer's rate limit): the rest would
     * only fail the same way; the next round goes on. A band not heard now
     * keeps its place. A round that another one is running waits for it, then binds what is still waiting.
     *
     * @param each told of every entry after its attempt
     */
    /**
     * How long an enrollment waits for the backend: after that it ends unbound (EXPIRED) and is listed as refused, so
     * that the customer is called back (they may have gone elsewhere, or the band may be needed for someone else).
     */
    public static final java.time.Duration MAX_WAIT = java.time.Duration.ofDays(3);

    private static final String EXPIRED = "EXPIRED";

    public Round finish(StaffSession staff, Consumer<QueuedEnrollment> each) {
        authorizer.require(staff, Action.ENROLL_BAND);
        round.lock();
        try {
            int bound = 0;
            int failed = 0;
            boolean unavailable = false;
            for (QueuedEnrollment listed : waiting()) {
                Optional<QueuedEnrollment> still = entry(listed.id())
                        .filter(q -> q.state() == QueuedEnrollment.State.WAITING);
                if (still.isEmpty()) {
                    continue; // removed by a member of staff since the round began
                }
                QueuedEnrollment q = still.get();
                // the customer agreed to a bind while they waited at the counter, not to one a week later
                Attempt attempt = clock.instant().isAfter(q.queuedAt().plus(MAX_WAIT))
                        ? new Attempt(null, null, EXPIRED) : attempt(staff, q);
                QueuedEnrollment after = record(staff, q.id(), attempt);
                if (after.state() == QueuedEnrollment.State.DONE) {
                    bound++;
                } else if (after.state() == QueuedEnrollment.State.FAILED) {
                    failed++;
                }
                each.accept(after);
                if (attempt.refusal() != null && STOPS.contains(attempt.refusal())) {
                    unavailable = true;
                    break;
                }
            }
            if (bound + failed > 0) {
                LOG.info("enrollment queue: {} bound, {} refused, {} waiting", bound, failed, waitingCount());
            }
            return new Round(bound, failed, (int) waitingCount(), unavailable);
        } finally {
            round.unlock();
        }
    }

    /** @param error what the last try met when it was not a refusal (a fault of this console: logged) */
    private record Attempt(UUID bindingId, EnrollmentException.Reason refusal, String error) {
        Attempt(UUID bindingId, EnrollmentException.Reason refusal) {
            this(bindingId, refusal, refusal == null ? null : refusal.name());
        }
    }

    private Attempt attempt(StaffSession staff, QueuedEnrollment q) {
        CustomerPhone phone;
        try {
            phone = new CustomerPhone(q.customerId(), PhoneKey.of(q.phoneKey()), q.phoneCodeAt());
        } catch (ProtocolException e) {
            return new Attempt(null, EnrollmentException.Reason.PHONE_CODE_UNREADABLE);
        }
        try {
            Enrolled done = enrollment.enroll(staff, q.customerId(), new BandSerial(q.bandSerial()), phone, s -> { },
                    true);
            return new Attempt(done.bindingId(), null);
        } catch (EnrollmentException e) {
            if (e.reason() == EnrollmentException.Reason.ALREADY_ENROLLED) {
                // an earlier round bound it and stopped before it could say so (a crash): the band holds it
                return new Attempt(null, null);
            }
            LOG.info("queued enrollment {} of band {}: {}", q.id(), q.bandSerial(), e.getMessage());
            return new Attempt(e.bindingId().orElse(null), e.reason());
        } catch (RuntimeException e) {
            // one entry's fault must not stop the queue behind it: it waits, the next entries are tried
            LOG.error("queued enrollment {} of band {} failed unexpectedly", q.id(), q.bandSerial(), e);
            return new Attempt(null, null, "UNEXPECTED");
        }
    }

    private QueuedEnrollment record(StaffSession staff, long id, Attempt attempt) {
        return database.inTransaction(s -> {
            QueuedEnrollment q = s.find(QueuedEnrollment.class, id);
            var now = clock.instant();
            if (EXPIRED.equals(attempt.error())) {
                q.attempted(now, EXPIRED);
                q.ended(QueuedEnrollment.State.FAILED, null, now);
                audit.append(s, staff.actor(), AuditAction.ENROLLMENT_UNQUEUED, Outcome.FAILED,
                        Target.band(q.bandSerial()), EXPIRED, "queue entry " + id + " waited more than " + MAX_WAIT);
            } else if (attempt.error() != null && attempt.refusal() == null) {
                q.attempted(now, attempt.error());
            } else if (attempt.refusal() == null) {
                UUID binding = attempt.bindingId();
                if (binding == null) {
                    binding = s.createSelectionQuery("select b.id from Binding b where b.bandSerial = :b"
                            + " and b.customerId = :c order by b.createdAt desc", UUID.class)
                            .setParameter("b", q.bandSerial()).setParameter("c", q.customerId()).setMaxResults(1)
                            .getResultStream().findFirst().orElse(null);
                }
                q.attempted(now, null);
                q.ended(QueuedEnrollment.State.DONE, binding, now);
                // the customer is not here to show a payment code: the binding says so until they come back
                com.payband.console.binding.Binding bound = binding == null ? null
                        : s.find(com.payband.console.binding.Binding.class, binding);
                if (bound != null) {
                    bound.paymentCheckDue(true);
                }
            } else if (!ENDS.contains(attempt.refusal())) {
                q.attempted(now, attempt.refusal().name());
            } else {
                q.attempted(now, attempt.refusal().name());
                q.ended(QueuedEnrollment.State.FAILED, attempt.bindingId(), now);
                audit.append(s, staff.actor(), AuditAction.ENROLLMENT_UNQUEUED, Outcome.FAILED,
                        Target.band(q.bandSerial()), attempt.refusal().name(), "queue entry " + id);
            }
            return q;
        });
    }
}

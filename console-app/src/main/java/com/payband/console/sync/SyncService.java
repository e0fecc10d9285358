package com.payband.console.sync;

import com.payband.console.lifecycle.LifecycleService;
import com.payband.console.outbox.Outbox;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.EventBatch;
import com.payband.sync.api.EventBatchResult;
import com.payband.sync.api.EventResult;
import com.payband.sync.api.EventStatus;
import com.payband.sync.api.EventSignature;
import com.payband.sync.api.SyncEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the outbox to the backend: oldest first, in batches, the event id as the idempotency key. An event is
 * marked SENT only after the backend answered for it (stored now, or before: a retry after a crash or a lost
 * answer never stores it twice), REJECTED when the backend refuses it for good; a failed push leaves every
 * event PENDING for the next one. Nothing is sent that the store did not commit: the outbox is written in the
 * same transaction as the change.
 */
public final class SyncService {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    private final Database database;
    private final Outbox outbox;
    private final com.payband.console.audit.AuditTrail audit;
    private final BackendRegistration backend;
    private final LifecycleService lifecycle;
    private final Authorizer authorizer;
    private final Clock clock;
    private final int batchSize;
    private final Object pushing;
    private final RevocationPull revocations;

    /** @param audit whose chain head is anchored at the backend with every push */
    /**
     * @param issuerRoot the backend issuer's root key (which the bands pin), to check the revocation list's head with
     * @param lifecycle  stamps anew a binding the current backend's issuer holds as this console's
     */
    public SyncService(Database database, Outbox outbox, com.payband.console.audit.AuditTrail audit,
            BackendRegistration backend, LifecycleService lifecycle, Authorizer authorizer, Clock clock,
            Supplier<byte[]> issuerRoot, com.payband.console.binding.BackendRevocationList revocationList) {
        this(database, outbox, audit, backend, lifecycle, authorizer, clock, issuerRoot, revocationList,
                ApiPaths.MAX_EVENTS_PER_BATCH);
    }

    SyncService(Database database, Outbox outbox, com.payband.console.audit.AuditTrail audit,
            BackendRegistration backend, LifecycleService lifecycle, Authorizer authorizer, Clock clock,
            Supplier<byte[]> issuerRoot, com.payband.console.binding.BackendRevocationList revocationList,
            int batchSize) {
        this.revocations = new RevocationPull(database, revocationList, audit, issuerRoot, clock, lifecycle);
        this.database = database;
        this.outbox = outbox;
        this.audit = audit;
        this.backend = backend;
        this.lifecycle = lifecycle;
        this.pushing = backend.changeLock(); // a registration replaced never races a push to the old backend
        this.authorizer = authorizer;
        this.clock = clock;
        this.batchSize = Math.min(batchSize, ApiPaths.MAX_EVENTS_PER_BATCH);
    }

    /** What one push did. */
    public record PushReport(int sent, int duplicates, int rejected, long queued) {
    }

    /**
     * The sync's state as the status bar and {@code sync status} show it.
     *
     * @param blocksWaiting lost and stolen reports (and their bindings' earlier changes) not yet at the backend: in
     *                      force in this console, not yet in the other stores
     * @param keptElsewhere changes of bindings made under an earlier registration, kept here: the current backend
     *                      cannot act on them, their own backend must be told by other means
     */
    public record Status(boolean registered, Optional<Instant> lastSuccess, Optional<Instant> lastAttempt,
            long queued, long rejected, long blocksWaiting, long keptElsewhere, Optional<String> lastError,
            Optional<Instant> revocationListSignedAt, boolean revocationListStale) {
    }

    /** A revocation list older than this is stale: the console warns that it cannot refuse new thefts offline. */
    public static final java.time.Duration REVOCATION_LIST_STALE = java.time.Duration.ofHours(24);

    /** A member of staff asks to sync now. */
    public PushReport syncNow(StaffSession staff) throws BackendException {
        authorizer.require(staff, Action.SYNC);
        return push();
    }

    /** Registered, and the revocation list older than {@link #REVOCATION_LIST_STALE} (or never received). */
    private boolean stale(boolean registered, Optional<Instant> signedAt) {
        return registered && signedAt.map(at -> at.plus(REVOCATION_LIST_STALE).isBefore(clock.instant())).orElse(true);
    }

    public Status status(StaffSession staff) {
        authorizer.require(staff, Action.SYNC);
        SyncState state = database.inTransaction(s -> s.find(SyncState.class, SyncState.ID));
        Optional<Instant> signedAt = Optional.ofNullable(state == null ? null : state.revocationSignedAt());
        boolean registered = backend.link().isPresent();
        return new Status(registered,
                Optional.ofNullable(state == null ? null : state.lastSuccessAt()),
                Optional.ofNullable(state == null ? null : state.lastAttemptAt()),
                outbox.pendingCount(), outbox.rejectedCount(), outbox.urgentPendingCount(), outbox.elsewhereCount(),
                Optional.ofNullable(state == null ? null : state.lastError()), signedAt, stale(registered, signedAt));
    }

    /**
     * One sync: pushes until the outbox is empty or a push fails, then takes the revocation list's new entries
     * (the system's own sync, and {@link #syncNow}). Reaching the backend for the list also tells that it still
     * serves this console.
     */
    public PushReport push() throws BackendException {
        synchronized (pushing) {
            PushReport report;
            try {
                if (backend.renewIfDue()) {
                    LOG.info("this console's certificate was renewed before it expired");
                }
                report = pushOutbox(true);
                RevocationPull.Taken taken = revocations.pull(backend.client());
                if (taken.added() > 0) {
                    LOG.info("revocation list: {} stolen bands' bindings taken, up to entry {}; {} of this console's"
                            + " ended by a report at another store", taken.added(), taken.seq(), taken.endedHere());
                }
            } catch (BackendException e) {
                record(e.reason().name());
                throw e;
            }
            record(null);
            return report;
        }
    }

    /**
     * An administrator registers this console with a one-time code ({@link BackendRegistration#register}). Replacing
     * a registration, the changes made here go to the current backend first, if it answers: a registration is not
     * replaced while some wait ({@code CHANGES_NOT_SENT}), which then says why in words.
     */
    public BackendLink register(StaffSession admin, String url, String code, String name, boolean replace)
            throws BackendException {
        return register(admin, url, code, name, replace, false);
    }

    /**
     * As {@link #register(StaffSession, String, String, String, boolean)}, and with {@code keepUnsentHere} what still
     * cannot reach the current backend (gone for good, the administrator confirmed) is kept here only
     * ({@link BackendRegistration#register(StaffSession, String, String, String, boolean, boolean)}).
     */
    public BackendLink register(StaffSession admin, String url, String code, String name, boolean replace,
            boolean keepUnsentHere) throws BackendException {
        if (replace && backend.link().isPresent()) {
            try {
                pushOutbox();
            } catch (BackendException e) {
                LOG.info("the changes made here could not reach the current backend before the new registration: {}",
                        e.getMessage());
            }
        }
        return backend.register(admin, url, code, name, replace, keepUnsentHere);
    }

    /**
     * Pushes the outbox only, so that the backend's issuer decides on every change this console made (before it
     * prepares a binding or checks a payment).
     */
    public PushReport pushOutbox() throws BackendException {
        synchronized (pushing) {
            return pushOutbox(false);
        }
    }

    private PushReport pushOutbox(boolean partOfSync) throws BackendException {
        synchronized (pushing) { // held already by the callers; says what guards it
            int sent = 0;
            int duplicates = 0;
            int rejected = 0;
            // The backend takes one batch at a time (the order per binding); while it takes one, this thread marks
            // the batch before it and reads and signs the next, so that the console's half and the backend's
            // overlap. The next batch is sent only once the one before is answered.
            java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "payband-push");
                        t.setDaemon(true);
                        return t;
                    });
            Prepared outstanding = null; // sent, its answer not taken yet
            java.util.concurrent.Future<EventBatchResult> call = null;
            try {
                BackendClient client = backend.client();
                String registration = backend.link().map(BackendLink::consoleId).orElse(null);
                Prepared current = prepare(client, registration, Set.of());
                if (current != null) {
                    call = send(sender, client, current);
                    outstanding = current;
                }
                while (current != null) {
                    Prepared next = null;
                    Exception notRead = null; // the answer to this batch is taken and marked even then
                    try {
                        next = prepare(client, registration, current.rows().values());
                    } catch (BackendException | RuntimeException e) {
                        notRead = e;
                    }
                    outstanding = null;
                    EventBatchResult answer = answerOf(call, current, notRead);
                    Answered answered = Answered.of(answer, current.rows().keySet());
                    if (answered.held().isEmpty() && answered.whole() && next != null && notRead == null) {
                        call = send(sender, client, next); // the backend takes it while this batch is marked
                        outstanding = next;
                    }
                    outbox.settle(current.rows(), answered.delivered(), answered.refused());
                    sent += answered.delivered().size();
                    duplicates += answered.duplicates();
                    rejected += answered.refused().size();
                    BackendException stop = !answered.held().isEmpty()
                            ? new BackendException(BackendException.Reason.REFUSED, ApiErrorCode.SIGNATURE_INVALID,
                                    answered.held().size() + " signed changes refused by the backend: they stay queued",
                                    null)
                            : !answered.whole() ? new BackendException(BackendException.Reason.REFUSED, "the backend"
                                    + " answered " + answer.results().size() + " results for a batch of "
                                    + current.rows().size() + " events")
                            : null;
                    if (stop != null) {
                        if (notRead != null) {
                            stop.addSuppressed(notRead);
                        }
                        throw stop;
                    }
                    if (notRead instanceof BackendException e) {
                        throw e;
                    } else if (notRead != null) {
                        throw (RuntimeException) notRead;
                    }
                    current = next;
                }
            } catch (BackendException e) {
                if (!partOfSync) { // a sync records its own outcome
                    record(e.reason().name());
                }
                throw e;
            } finally {
                abandon(sender, call, outstanding);
            }
            return new PushReport(sent, duplicates, rejected, outbox.pendingCount());
        }
    }

    /**
     * A batch read from the outbox and signed where it must be, ready to go: {@code rows} each event's id to its
     * outbox row (marked by it, and left out of the next batch's read).
     */
    private record Prepared(Map<UUID, Long> rows, List<SyncEvent> events) {

        Prepared {
            rows = Map.copyOf(rows);
        }
    }

    /**
     * What the backend made of a batch: events delivered (stored now or before; {@code duplicates} of them before),
     * refused for good (with the reason kept), held (a signature refused: never dropped), and whether every event
     * of the batch was answered (an answer that does not cover it stops the push rather than send a binding's
     * later events).
     */
    private record Answered(Set<UUID> delivered, int duplicates, Map<UUID, String> refused, Set<UUID> held,
            boolean whole) {

        static Answered of(EventBatchResult answer, Set<UUID> batch) {
            Set<UUID> delivered = new HashSet<>();
            Set<UUID> held = new HashSet<>();
            Map<UUID, String> refused = new HashMap<>();
            int duplicates = 0;
            for (EventResult r : answer.results()) {
                UUID id = UUID.fromString(r.eventId());
                if (!batch.contains(id)) {
                    // not one of this batch's: marked nothing, and the batch is not whole
                    LOG.warn("the backend answered for event {}, which was not sent in its batch", id);
                } else if (r.status() == EventStatus.REJECTED && r.error() == ApiErrorCode.SIGNATURE_INVALID) {
                    // a lost or stolen report whose signature the backend does not take (a backend that predates
                    // signed reports, a certificate mix-up) waits and is said
                    held.add(id);
                    LOG.error("the backend refused the signature of event {}: it stays queued ({})", id, r.message());
                } else if (r.status() == EventStatus.REJECTED) {
                    refused.put(id, r.error() == null ? "REJECTED" : r.error().name());
                    LOG.warn("the backend refused event {}: {} {}", id, r.error(), r.message());
                } else if (delivered.add(id) && r.status() == EventStatus.DUPLICATE) {
                    duplicates++;
                }
            }
            boolean whole = batch.stream().allMatch(id -> delivered.contains(id) || refused.containsKey(id)
                    || held.contains(id));
            return new Answered(delivered, duplicates, refused, held, whole);
        }
    }

    /**
     * The next batch but the events of the one on its way; the changes of bindings made under an earlier registration
     * are kept here instead. Null when nothing is left to send.
     */
    private Prepared prepare(BackendClient client, String registration, java.util.Collection<Long> onItsWay)
            throws BackendException {
        while (true) {
            List<Outbox.Pending> batch = outbox.pending(batchSize, onItsWay);
            if (batch.isEmpty()) {
                return null;
            }
            Set<UUID> elsewhere = issuedElsewhere(client, batch, registration);
            if (!elsewhere.isEmpty()) {
                // the current backend's issuer cannot act on them; they stay here, said where they are made
                outbox.keepElsewhere(elsewhere);
                LOG.warn("{} changes of bindings made under an earlier registration kept here, not sent to {}",
                        elsewhere.size(), backend.link().map(BackendLink::url).orElse("?"));
                batch = batch.stream().filter(p -> !elsewhere.contains(p.eventId())).toList();
                if (batch.isEmpty()) {
                    continue;
                }
            }
            List<SyncEvent> events = new ArrayList<>(batch.size());
            for (Outbox.Pending p : batch) {
                SyncEvent e = new SyncEvent(p.eventId().toString(), p.eventType(), p.aggregateId(),
                        p.createdAt().toString(), p.simulated(), p.payload());
                // a suspension or deactivation is a request the backend keeps with this console's signature
                events.add(EventSignature.required(e) ? e.signed(client.sign(EventSignature.toBeSigned(e))) : e);
            }
            Map<UUID, Long> rows = new HashMap<>();
            batch.forEach(p -> rows.put(p.eventId(), p.id()));
            return new Prepared(rows, events);
        }
    }

    /** Posts the batch on the sender's thread, with the audit chain's head as it is now. */
    private java.util.concurrent.Future<EventBatchResult> send(java.util.concurrent.ExecutorService sender,
            BackendClient client, Prepared batch) {
        EventBatch body = new EventBatch(batch.events(), audit.head());
        return sender.submit(() -> client.postIdempotent(ApiPaths.EVENTS, body, EventBatchResult.class));
    }

    /**
     * The backend's answer to the batch; when there is none, each of its events counts one more attempt (the next
     * batch's failure to be read, if any, kept with the exception).
     */
    private EventBatchResult answerOf(java.util.concurrent.Future<EventBatchResult> call, Prepared batch,
            Exception notRead) throws BackendException {
        Exception failure;
        try {
            return call.get();
        } catch (java.util.concurrent.ExecutionException e) {
            failure = e.getCause() instanceof BackendException || e.getCause() instanceof RuntimeException
                    ? (Exception) e.getCause() : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new BackendException(BackendException.Reason.UNREACHABLE, null, "interrupted", e);
        }
        if (notRead != null) {
            failure.addSuppressed(notRead);
        }
        outbox.settle(batch.rows(), Set.of(), Map.of());
        if (failure instanceof BackendException b) {
            throw b;
        }
        throw (RuntimeException) failure;
    }

    /**
     * A push that ends with a batch still on its way (the store failed while marking the one before): the call is
     * stopped and waited for, so that no post outlives the push's lock (a registration replaced never races it),
     * and its events count one more attempt.
     */
    private void abandon(java.util.concurrent.ExecutorService sender,
            java.util.concurrent.Future<EventBatchResult> call, Prepared outstanding) {
        if (outstanding != null) {
            call.cancel(true);
        }
        sender.shutdownNow();
        try {
            if (!sender.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("a push's last call did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (outstanding != null) {
            try {
                outbox.settle(outstanding.rows(), Set.of(), Map.of());
            } catch (RuntimeException e) {
                LOG.warn("the attempt of {} events not counted: {}", outstanding.rows().size(), e.toString());
            }
        }
    }

    /**
     * The events of this batch whose binding was made under another registration than the current one. A binding
     * whose stamp says so but which the current backend's issuer holds as this console's (a bind that was in flight
     * while the registration was replaced, or stamped before the simulator's demo registration) is stamped anew and
     * its events go: a report must never be kept from the issuer that can act on it.
     */
    private Set<UUID> issuedElsewhere(BackendClient client, List<Outbox.Pending> batch, String registration)
            throws BackendException {
        Map<UUID, List<UUID>> byBinding = new HashMap<>();
        for (Outbox.Pending p : batch) {
            if (p.eventType().startsWith("binding.")) {
                try {
                    byBinding.computeIfAbsent(UUID.fromString(p.aggregateId()), k -> new ArrayList<>()).add(p.eventId());
                } catch (IllegalArgumentException notABindingId) {
                    // not one of this console's bindings: nothing to hold back
                }
            }
        }
        if (byBinding.isEmpty() || registration == null) {
            return Set.of();
        }
        // one statement with the ids as an array, in plain JDBC: Hibernate translated a list parameter's query anew
        // at each batch (about half of this look-up in a profile of the push)
        List<UUID> elsewhere = database.inTransaction(s -> s.doReturningWork(c -> {
            List<UUID> found = new ArrayList<>();
            try (java.sql.PreparedStatement q = c.prepareStatement("SELECT id FROM binding WHERE id = ANY(?)"
                    + " AND (issued_under IS NULL OR issued_under <> ?)")) {
                q.setObject(1, byBinding.keySet().toArray(UUID[]::new));
                q.setString(2, registration);
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return found;
        }));
        Set<UUID> events = new HashSet<>();
        for (UUID binding : elsewhere) {
            if (client.preparedBy(binding, registration)) {
                lifecycle.issuedHere(binding);
                LOG.info("binding {} is the current backend's: stamped with this registration", binding);
            } else {
                events.addAll(byBinding.get(binding));
            }
        }
        return events;
    }

    /** Where a binding's latest change is in force, as the window and the command line say it after a change. */
    public enum Reach {
        /** This console is registered with no backend. */
        HERE_ONLY,
        /** The binding was made under an earlier registration: its backend must be told by other means. */
        OTHER_BACKEND,
        /** Waiting in the outbox: in force here, not yet elsewhere. */
        QUEUED,
        /** The backend has every change of the binding. */
        BACKEND
    }

    /** Where the changes of this binding stand (read only: the caller pushes first when it wants them sent). */
    public Reach reach(UUID bindingId) {
        Optional<String> registration = backend.link().map(BackendLink::consoleId);
        if (registration.isEmpty()) {
            return Reach.HERE_ONLY;
        }
        boolean elsewhere = database.inTransaction(s -> {
            com.payband.console.binding.Binding b = s.find(com.payband.console.binding.Binding.class, bindingId);
            return b != null && b.issuedElsewhere(registration.get());
        });
        if (elsewhere) {
            return Reach.OTHER_BACKEND;
        }
        return outbox.pendingCountOf(bindingId.toString()) > 0 ? Reach.QUEUED : Reach.BACKEND;
    }

    private void record(String error) {
        Instant now = clock.instant();
        database.runInTransaction(s -> {
            SyncState state = s.find(SyncState.class, SyncState.ID);
            if (state == null) {
                state = new SyncState(now);
                s.persist(state);
            }
            if (error == null) {
                state.succeeded(now);
            } else {
                state.failed(now, error);
            }
        });
    }
}

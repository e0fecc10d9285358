package com.payband.console.audit;

import com.payband.console.crypto.KeyedHash;
import com.payband.console.store.Database;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.StatelessSession;

/**
 * Appends events to the chained trail and verifies it. Appends join the caller's transaction, so an
 * action and its audit event commit or roll back together.
 */
public final class AuditTrail implements AutoCloseable {

    private static final int PAGE = 5_000;

    private final Database database;
    private final KeyedHash keyedHash;
    private final AuditAnchor anchor;
    private final String genesisMac;
    private final Clock clock;

    public AuditTrail(Database database, KeyedHash keyedHash, Path anchorFile, String storeId, Clock clock) {
        this.database = database;
        this.keyedHash = keyedHash;
        this.anchor = new AuditAnchor(anchorFile, keyedHash);
        this.genesisMac = keyedHash.hex("genesis\u001f" + storeId);
        this.clock = clock;
    }

    /** Whether the database continues the trail its anchor (kept outside it) vouches for. */
    public enum Continuity {
        CONTINUES,
        /** The anchor names a later event than the database has: an older copy of it was put back. */
        BEHIND_ANCHOR,
        /** The database has events but there is no anchor file. */
        ANCHOR_MISSING,
        /** The anchor file is malformed or fails its MAC. */
        ANCHOR_INVALID,
        /** The database's event at the anchor's position is another one: another copy was put in its place. */
        OTHER_TRAIL
    }

    /**
     * Makes sure the chain has its head row, and moves the anchor forward over events that were
     * committed just before a crash that kept the anchor from being written. It never moves it back,
     * and never past a trail that does not continue from it: a missing or invalid anchor, or one naming
     * an event the database does not have, stays as it is so that verify() keeps reporting it.
     *
     * @return whether the database continues the anchored trail; the store refuses to start otherwise
     */
    public Continuity open() {
        AuditAnchor.Head dbHead = database.inTransaction(session -> {
            AuditChainHead head = session.find(AuditChainHead.class, AuditChainHead.ID);
            if (head == null) {
                head = new AuditChainHead(genesisMac);
                session.persist(head);
            }
            return new AuditAnchor.Head(head.lastSeq(), head.lastMac());
        });
        Continuity continuity;
        try {
            Optional<AuditAnchor.Head> anchored = anchor.read();
            if (anchored.isEmpty() && dbHead.seq() == 0) {
                // a new trail is anchored at its genesis before its first event, so that a crash right
                // after that event's commit is carried forward like any other
                anchor.advance(0, genesisMac);
                anchor.flush();
                return Continuity.CONTINUES;
            }
            if (anchored.isEmpty()) {
                continuity = Continuity.ANCHOR_MISSING;
            } else if (anchored.get().seq() > dbHead.seq()) {
                continuity = Continuity.BEHIND_ANCHOR;
            } else if (!anchoredEventMatches(anchored.get())) {
                continuity = Continuity.OTHER_TRAIL;
            } else {
                if (anchored.get().seq() < dbHead.seq()) {
                    anchor.advance(dbHead.seq(), dbHead.mac());
                    anchor.flush();
                }
                return Continuity.CONTINUES;
            }
        } catch (IOException e) {
            // an invalid anchor is reported by verify(); it is never silently replaced
            continuity = Continuity.ANCHOR_INVALID;
        }
        anchor.hold();
        return continuity;
    }

    /**
     * Whether the anchor file in the data folder was written under this key: then the key is the
     * store's own, and a database file it does not open was damaged or altered, not paired with the
     * wrong key file.
     */
    public static boolean anchoredUnder(Path anchorFile, KeyedHash keyedHash) {
        try {
            return new AuditAnchor(anchorFile, keyedHash).read().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the anchor's pending head; call before the database closes. */
    @Override
    public void close() {
        anchor.close();
    }

    /** Appends within the caller's transaction. */
    public AuditEvent append(Session session, Actor actor, AuditAction action, Outcome outcome, Target target,
            String reason, String detail) {
        AuditChainHead head = session.find(AuditChainHead.class, AuditChainHead.ID, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            throw new IllegalStateException("audit trail not opened");
        }
        long seq = head.lastSeq() + 1;
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        AuditEvent event = new AuditEvent(seq, at, actor, action, outcome, target, reason, detail, head.lastMac());
        String mac = macOf(event);
        event.seal(mac);
        session.persist(event);
        head.advance(seq, mac);
        session.getTransaction().registerSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    // only once the commit is in the file: an anchor ahead of the file would claim an
                    // event that a crash lost, and the store would then refuse to start
                    database.afterDurableCommit(() -> anchor.advance(seq, mac));
                }
            }
        });
        return event;
    }

    /** Appends in a transaction of its own: for refusals and failures, whose action rolled back. */
    public AuditEvent record(Actor actor, AuditAction action, Outcome outcome, Target target, String reason,
            String detail) {
        return database.inTransaction(session -> append(session, actor, action, outcome, target, reason, detail));
    }

    private String macOf(AuditEvent event) {
        return java.util.HexFormat.of().formatHex(keyedHash.mac(event.canonicalBytes()));
    }

    /** Checks every event's MAC and link, the head row, and the anchor. Reads in pages: any size fits. */
    public AuditVerification verify() {
        anchor.flush();
        List<AuditVerification.Problem> problems = new ArrayList<>();
        long[] expected = {1};
        String[] prev = {genesisMac};
        long[] checked = {0};
        forEach(AuditQuery.all(), event -> {
            checked[0]++;
            if (event.seq() != expected[0]) {
                for (long missing = expected[0]; missing < event.seq() && problems.size() < 1000; missing++) {
                    problems.add(new AuditVerification.Problem(AuditVerification.Kind.MISSING, missing));
                }
            } else if (!event.prevMac().equals(prev[0])) {
                problems.add(new AuditVerification.Problem(AuditVerification.Kind.BROKEN_LINK, event.seq()));
            }
            if (!KeyedHash.equal(hexBytes(macOf(event)), hexBytes(event.mac()))) {
                problems.add(new AuditVerification.Problem(AuditVerification.Kind.ALTERED, event.seq()));
            }
            expected[0] = event.seq() + 1;
            prev[0] = event.mac();
        });
        long lastSeq = expected[0] - 1;
        String lastMac = prev[0];
        AuditAnchor.Head dbHead = database.inTransaction(session -> {
            AuditChainHead head = session.find(AuditChainHead.class, AuditChainHead.ID);
            return head == null ? null : new AuditAnchor.Head(head.lastSeq(), head.lastMac());
        });
        if (dbHead == null || dbHead.seq() != lastSeq || !dbHead.mac().equals(lastMac)) {
            problems.add(new AuditVerification.Problem(AuditVerification.Kind.HEAD_MISMATCH, lastSeq));
        }
        try {
            Optional<AuditAnchor.Head> anchored = anchor.read();
            if (anchored.isEmpty()) {
                if (lastSeq > 0) {
                    problems.add(new AuditVerification.Problem(AuditVerification.Kind.ANCHOR_INVALID, 0));
                }
            } else if (anchored.get().seq() > lastSeq) {
                problems.add(new AuditVerification.Problem(AuditVerification.Kind.TRUNCATED, anchored.get().seq()));
            } else if (!anchoredEventMatches(anchored.get())) {
                problems.add(new AuditVerification.Problem(AuditVerification.Kind.ALTERED, anchored.get().seq()));
            }
        } catch (IOException e) {
            problems.add(new AuditVerification.Problem(AuditVerification.Kind.ANCHOR_INVALID, 0));
        }
        return new AuditVerification(checked[0], problems);
    }

    private boolean anchoredEventMatches(AuditAnchor.Head anchored) {
        if (anchored.seq() == 0) {
            return anchored.mac().equals(genesisMac);
        }
        return database.inTransaction(session -> {
            AuditEvent event = session.find(AuditEvent.class, anchored.seq());
            return event != null && event.mac().equals(anchored.mac());
        });
    }

    private static byte[] hexBytes(String hex) {
        try {
            return java.util.HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Streams the events matching the query in sequence order, a page at a time. */
    public void forEach(AuditQuery query, Consumer<AuditEvent> consumer) {
        long after = 0;
        long delivered = 0;
        while (delivered < query.limit()) {
            long from = after;
            int pageSize = (int) Math.min(PAGE, query.limit() - delivered);
            List<AuditEvent> page = page(query, from, pageSize);
            for (AuditEvent event : page) {
                consumer.accept(event);
                after = event.seq();
            }
            delivered += page.size();
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    private List<AuditEvent> page(AuditQuery query, long afterSeq, int size) {
        try (StatelessSession session = database.sessionFactory().openStatelessSession()) {
            StringBuilder hql = new StringBuilder("from AuditEvent e where e.seq > :after");
            query.from().ifPresent(x -> hql.append(" and e.at >= :from"));
            query.to().ifPresent(x -> hql.append(" and e.at < :to"));
            query.actorName().ifPresent(x -> hql.append(" and e.actorName = :actor"));
            query.action().ifPresent(x -> hql.append(" and e.action = :action"));
            if (!query.targets().isEmpty()) {
                hql.append(" and (");
                for (int i = 0; i < query.targets().size(); i++) {
                    hql.append(i == 0 ? "" : " or ").append("(e.targetType = :tt").append(i)
                            .append(" and e.targetId = :ti").append(i).append(')');
                }
                hql.append(')');
            }
            hql.append(" order by e.seq");
            var q = session.createSelectionQuery(hql.toString(), AuditEvent.class)
                    .setParameter("after", afterSeq)
                    .setMaxResults(size);
            query.from().ifPresent(x -> q.setParameter("from", x));
            query.to().ifPresent(x -> q.setParameter("to", x));
            query.actorName().ifPresent(x -> q.setParameter("actor", x));
            query.action().ifPresent(x -> q.setParameter("action", x));
            for (int i = 0; i < query.targets().size(); i++) {
                q.setParameter("tt" + i, query.targets().get(i).type()).setParameter("ti" + i, query.targets().get(i).id());
            }
            return q.getResultList();
        }
    }

    /** The chain's head now (last sequence number and its MAC), as the backend anchors it with each push. */
    public com.payband.sync.api.AuditHead head() {
        return database.inTransaction(session -> {
            AuditChainHead head = session.find(AuditChainHead.class, AuditChainHead.ID);
            return new com.payband.sync.api.AuditHead(head.lastSeq(), head.lastMac());
        });
    }

    public long count() {
        return database.inTransaction(session -> session.createSelectionQuery("select count(e) from AuditEvent e", Long.class)
                .getSingleResult());
    }
}

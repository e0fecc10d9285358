package com.payband.console.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditVerification.Kind;
import com.payband.console.audit.AuditVerification.Problem;
import com.payband.console.crypto.KeyedHash;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import com.payband.console.store.Database;
import com.payband.console.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail's promise: whoever edits, deletes, reorders or cuts off events in a copy of the
 * database (the store closed, plain JDBC, with the store key) is found out by verify, and verifying is itself
 * recorded. The anchor file outside the database catches a careful truncation, and is never quietly
 * replaced by the events that follow one.
 */
class AuditTamperTest {

    @TempDir
    Path dir;

    @Test
    void anEditedEventIsReportedAlteredAtItsSequenceNumber() throws Exception {
        long last = storeWithTrail(12);
        long edited = last - 6;
        try (RawDatabase db = RawDatabase.open(dir)) {
            assertThat(db.update("UPDATE audit_event SET detail = 'nothing to see' WHERE seq = ?", edited)).isEqualTo(1);
        }

        Verification v = verifyAfterReopening();

        assertThat(v.direct().problems()).containsExactly(new Problem(Kind.ALTERED, edited));
        assertThat(v.reviewed().problems()).containsExactly(new Problem(Kind.ALTERED, edited));
    }

    @Test
    void aDeletedEventIsReportedMissing() throws Exception {
        long last = storeWithTrail(12);
        long deleted = last - 6;
        try (RawDatabase db = RawDatabase.open(dir)) {
            assertThat(db.update("DELETE FROM audit_event WHERE seq = ?", deleted)).isEqualTo(1);
        }

        Verification v = verifyAfterReopening();

        assertThat(v.direct().problems()).containsExactly(new Problem(Kind.MISSING, deleted));
        assertThat(v.reviewed().problems()).containsExactly(new Problem(Kind.MISSING, deleted));
    }

    @Test
    void aTruncationWithTheHeadRowRewoundIsReportedThanksToTheAnchor() throws Exception {
        long last = storeWithTrail(12);
        truncateTo(last - 3);

        assertRefusedAtStart(AuditTrail.Continuity.BEHIND_ANCHOR);
        Verification v = verifyAfterReopening();

        // the chain and the head row agree with each other: only the anchor knows what is gone
        assertThat(v.direct().problems()).containsExactly(new Problem(Kind.TRUNCATED, last));
        assertThat(v.reviewed().problems()).containsExactly(new Problem(Kind.TRUNCATED, last));
    }

    @Test
    void aTruncationStaysDetectedAfterTheConsoleHasAppendedPastTheOldHead() throws Exception {
        long last = storeWithTrail(12);
        truncateTo(last - 3);
        // what still opens such a store (an administrator looking into it) appends events of its own
        try (ConsoleServices services = TestStores.openToRecover(dir)) {
            append(services, 10);
        }
        // and across one more restart, when the anchor is read afresh
        try (ConsoleServices services = TestStores.openToRecover(dir)) {
            append(services, 2);
        }

        assertRefusedAtStart(AuditTrail.Continuity.OTHER_TRAIL);
        Verification v = verifyAfterReopening();

        // the event now at the anchored position is not the one that was anchored
        assertThat(v.direct().problems()).containsExactly(new Problem(Kind.ALTERED, last));
        assertThat(v.reviewed().problems()).containsExactly(new Problem(Kind.ALTERED, last));
    }

    @Test
    void aDeletedAnchorIsReportedAndNotRecreatedByLaterEvents() throws Exception {
        storeWithTrail(5);
        Files.delete(dir.resolve("audit-anchor.json"));

        assertRefusedAtStart(AuditTrail.Continuity.ANCHOR_MISSING);
        Verification v = verifyAfterReopening();

        assertThat(v.direct().problems()).containsExactly(new Problem(Kind.ANCHOR_INVALID, 0));
        assertThat(v.reviewed().problems()).containsExactly(new Problem(Kind.ANCHOR_INVALID, 0));
        assertThat(dir.resolve("audit-anchor.json")).doesNotExist();
    }

    @Test
    void anEditedAnchorIsReportedAndLeftAsItIs() throws Exception {
        long last = storeWithTrail(5);
        Path anchor = dir.resolve("audit-anchor.json");
        String original = Files.readString(anchor, StandardCharsets.UTF_8);
        assertThat(original).startsWith(last + " ");
        String edited = original.replaceFirst("^\\d+ ", (last - 2) + " ");
        Files.writeString(anchor, edited, StandardCharsets.UTF_8);

        assertRefusedAtStart(AuditTrail.Continuity.ANCHOR_INVALID);
        Verification v = verifyAfterReopening();

        assertThat(v.direct().problems()).containsExactly(new Problem(Kind.ANCHOR_INVALID, 0));
        assertThat(v.reviewed().problems()).containsExactly(new Problem(Kind.ANCHOR_INVALID, 0));
        assertThat(Files.readString(anchor, StandardCharsets.UTF_8)).isEqualTo(edited);
    }

    @Test
    void twoEventsSwappedAreReportedAtBothPlaces() throws Exception {
        long last = storeWithTrail(12);
        long a = last - 8;
        long b = last - 4;
        try (RawDatabase db = RawDatabase.open(dir)) {
            db.update("UPDATE audit_event SET seq = -1 WHERE seq = ?", a);
            db.update("UPDATE audit_event SET seq = ? WHERE seq = ?", a, b);
            db.update("UPDATE audit_event SET seq = ? WHERE seq = -1", b);
        }

        Verification v = verifyAfterReopening();

        assertThat(v.direct().problems()).contains(new Problem(Kind.ALTERED, a), new Problem(Kind.ALTERED, b),
                new Problem(Kind.BROKEN_LINK, a), new Problem(Kind.BROKEN_LINK, a + 1));
        assertThat(v.reviewed().intact()).isFalse();
    }

    @Test
    void anEventRemovedAndTheRestRenumberedIntoAGaplessChainIsReported() throws Exception {
        long last = storeWithTrail(12);
        long removed = last - 6;
        try (RawDatabase db = RawDatabase.open(dir)) {
            db.update("DELETE FROM audit_event WHERE seq = ?", removed);
            for (long seq = removed + 1; seq <= last; seq++) {
                db.update("UPDATE audit_event SET seq = ? WHERE seq = ?", seq - 1, seq);
            }
            db.update("UPDATE audit_chain_head SET last_seq = ?, last_mac = (SELECT mac FROM audit_event WHERE seq = ?)",
                    last - 1, last - 1);
        }

        Verification v = verifyAfterReopening();

        assertThat(v.direct().problems()).contains(new Problem(Kind.ALTERED, removed), new Problem(Kind.BROKEN_LINK, removed),
                new Problem(Kind.TRUNCATED, last));
        assertThat(v.reviewed().intact()).isFalse();
    }

    @Test
    void anUntouchedTrailStaysIntactThroughManyAppendsIncludingConcurrentOnes() throws Exception {
        int threads = 4;
        int perThread = 60;
        long before;
        try (ConsoleServices services = TestStores.create(dir)) {
            append(services, 300);
            before = services.audit().count();
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            services.audit().record(Actor.SYSTEM, AuditAction.SETTINGS_CHANGED, Outcome.SUCCESS,
                                    Target.store(services.storeId()), null, "thread " + thread + " event " + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(services.audit().verify().problems()).isEmpty();
        }
        long expected = before + (long) threads * perThread;
        try (RawDatabase db = RawDatabase.open(dir)) {
            assertThat(db.queryLong("SELECT COUNT(*) FROM audit_event")).isEqualTo(expected);
            assertThat(db.queryLong("SELECT COUNT(DISTINCT seq) FROM audit_event")).isEqualTo(expected);
            assertThat(db.queryLong("SELECT MIN(seq) FROM audit_event")).isEqualTo(1);
            assertThat(db.queryLong("SELECT MAX(seq) FROM audit_event")).isEqualTo(expected);
            assertThat(db.queryLong("SELECT last_seq FROM audit_chain_head")).isEqualTo(expected);
        }
        assertThat(Files.readString(dir.resolve("audit-anchor.json"))).startsWith(expected + " ");

        Verification v = verifyAfterReopening();

        assertThat(v.direct().problems()).isEmpty();
        assertThat(v.reviewed().problems()).isEmpty();
    }

    @Test
    void anAnchorLeftBehindByACrashIsCarriedForwardButOneBeyondTheLastEventIsTruncation() throws Exception {
        Path anchor = dir.resolve("audit-anchor.json");
        long first = storeWithTrail(5);
        byte[] anchorAtFirst = Files.readAllBytes(anchor);
        long second;
        try (ConsoleServices services = TestStores.open(dir)) {
            append(services, 5);
            second = services.audit().count();
        }
        byte[] anchorAtSecond = Files.readAllBytes(anchor);
        assertThat(second).isGreaterThan(first);

        // the events after the first anchor were committed, but the crash came before the anchor moved
        Files.write(anchor, anchorAtFirst);
        try (ConsoleServices services = TestStores.open(dir)) {
            assertThat(anchor).hasBinaryContent(anchorAtSecond);
            assertThat(services.audit().verify().problems()).isEmpty();
        }
        Verification reconciled = verifyAfterReopening();
        assertThat(reconciled.direct().problems()).isEmpty();
        assertThat(reconciled.reviewed().problems()).isEmpty();

        // an anchor that names an event the database does not have is not a crash: events are gone
        long anchored;
        try (RawDatabase db = RawDatabase.open(dir)) {
            anchored = db.queryLong("SELECT last_seq FROM audit_chain_head");
        }
        assertThat(Files.readString(anchor)).startsWith(anchored + " ");
        truncateTo(second);

        assertRefusedAtStart(AuditTrail.Continuity.BEHIND_ANCHOR);
        Verification truncated = verifyAfterReopening();

        assertThat(truncated.direct().problems()).containsExactly(new Problem(Kind.TRUNCATED, anchored));
        assertThat(truncated.reviewed().problems()).isNotEmpty();
    }

    @Test
    void aCrashRightAfterTheVeryFirstEventIsCarriedForwardToo() throws Exception {
        DataFolder folder = new DataFolder(dir);
        folder.create();
        KeyedHash key = new KeyedHash(new byte[32]);
        Path anchor = folder.auditAnchor();
        byte[] genesisAnchor;
        try (Database database = Database.open(folder, List.of(AuditEvent.class, AuditChainHead.class), Clock.systemUTC(),
                TestStores.databaseKeys())) {
            AuditTrail trail = new AuditTrail(database, key, anchor, "store-id", Clock.systemUTC());
            trail.open();
            assertThat(Files.readString(anchor)).startsWith("0 ");
            genesisAnchor = Files.readAllBytes(anchor);
            trail.record(Actor.SYSTEM, AuditAction.STORE_CREATED, Outcome.SUCCESS, null, null, null);
        }
        // the first event committed, the anchor never moved off the genesis
        Files.write(anchor, genesisAnchor);

        try (Database database = Database.open(folder, List.of(AuditEvent.class, AuditChainHead.class), Clock.systemUTC(),
                TestStores.databaseKeys())) {
            AuditTrail trail = new AuditTrail(database, key, anchor, "store-id", Clock.systemUTC());
            trail.open();
            assertThat(trail.verify().problems()).isEmpty();
            assertThat(Files.readString(anchor)).startsWith("1 ");
        }
    }

    /** What {@link AuditTrail#verify()} says before anything else is appended, and what an auditor is told. */
    record Verification(AuditVerification direct, AuditVerification reviewed) {
    }

    /** The console refuses to start on the store (exit 13 on the command line), saying why, and leaves it as it is. */
    private void assertRefusedAtStart(AuditTrail.Continuity why) throws Exception {
        byte[] anchor = Files.exists(dir.resolve("audit-anchor.json")) ? Files.readAllBytes(dir.resolve("audit-anchor.json")) : null;
        assertThatThrownBy(() -> TestStores.open(dir)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(StoreException.Reason.TAMPERED);
            assertThat(e.detail()).isEqualTo(why.name());
        });
        if (anchor != null) {
            assertThat(dir.resolve("audit-anchor.json")).hasBinaryContent(anchor);
        }
    }

    /**
     * Opens the store as an administrator looking into it would (a store refused at start opens that
     * way too), verifies the trail directly, then as the administrator through the review (which signs
     * in first), and checks that the review recorded its own verdict.
     */
    private Verification verifyAfterReopening() throws Exception {
        try (ConsoleServices services = TestStores.openToRecover(dir)) {
            AuditVerification direct = services.audit().verify();
            StaffSession admin = TestStores.admin(services);
            AuditVerification reviewed = services.auditReview().verify(admin);
            AuditEvent recorded = lastOf(services, AuditAction.AUDIT_VERIFIED);
            assertThat(recorded.actorName()).isEqualTo(TestStores.ADMIN);
            assertThat(recorded.outcome()).isEqualTo(reviewed.intact() ? Outcome.SUCCESS : Outcome.FAILED);
            assertThat(recorded.reason()).isEqualTo(reviewed.intact() ? Optional.empty() : Optional.of("PROBLEMS_FOUND"));
            assertThat(recorded.detail()).contains(
                    reviewed.eventsChecked() + " events, " + reviewed.problems().size() + " problems");
            return new Verification(direct, reviewed);
        }
    }

    private static AuditEvent lastOf(ConsoleServices services, AuditAction action) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), events::add);
        assertThat(events).as("%s events", action).isNotEmpty();
        return events.get(events.size() - 1);
    }

    /** Creates the store, appends some events, closes it; returns the last sequence number. */
    private long storeWithTrail(int events) throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            append(services, events);
            return services.audit().count();
        }
    }

    private static void append(ConsoleServices services, int events) {
        for (int i = 0; i < events; i++) {
            services.audit().record(Actor.SYSTEM, AuditAction.SETTINGS_CHANGED, Outcome.SUCCESS,
                    Target.store(services.storeId()), null, "test event " + i);
        }
    }

    /** What a careful attacker does: deletes the newest events and rewinds the head row to match. */
    private void truncateTo(long newLast) throws Exception {
        try (RawDatabase db = RawDatabase.open(dir)) {
            assertThat(db.update("DELETE FROM audit_event WHERE seq > ?", newLast)).isPositive();
            assertThat(db.update("UPDATE audit_chain_head SET last_seq = ?, last_mac = (SELECT mac FROM audit_event WHERE seq = ?)",
                    newLast, newLast)).isEqualTo(1);
        }
    }
}

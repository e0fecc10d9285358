package com.payband.console.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.sync.TestBackend;
import com.payband.sync.api.RevocationEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's copy of the backend's list of stolen bands, attacked by someone holding the store's key and H2's own
 * tools: whatever they change, each band stays refused or is refused again at the next sync.
 */
class BackendRevocationListTest {

    @TempDir
    Path dir;

    /** Store C with the backend's list of 25,000 taken, then changed with the store's key and H2's own tools. */
    private void takenThenEdited(TestBackend backend, org.hibernate.jdbc.Work edit) throws Exception {
        backend.fillRevocationList(25_000);
        try (ConsoleServices c = TestStores.create(dir.resolve("c"))) {
            c.backend().register(TestStores.admin(c), backend.url(), backend.code(), "Store C");
            c.sync().push();
            c.database().runInTransaction(s -> s.doWork(edit));
        }
    }

    @Test
    void aCopyForgedWholeWithItsHashesRecomputedIsTakenAgainAtTheNextSync() throws Exception {
        try (TestBackend backend = TestBackend.start(dir.resolve("backend"))) {
            // entry 15,000 names another band; the pages after it and the sync's cursor get the hashes that fit
            takenThenEdited(backend, db -> {
                List<Object[]> pages = new ArrayList<>();
                try (var q = db.prepareStatement("SELECT first_seq, prev_hash, entries FROM revocation_page"
                        + " ORDER BY first_seq"); var rs = q.executeQuery()) {
                    while (rs.next()) {
                        pages.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getBytes(3)});
                    }
                }
                String hash = RevocationEntry.GENESIS;
                for (Object[] page : pages) {
                    String before = hash;
                    List<RevocationEntry> entries = new ArrayList<>();
                    assertThat(BackendRevocationList.decode((Long) page[0], (String) page[1], (byte[]) page[2],
                            entries)).isTrue();
                    List<RevocationEntry> forged = new ArrayList<>();
                    for (RevocationEntry e : entries) {
                        String serial = e.seq() == 15_000 ? "PB999999" : e.bandSerial();
                        hash = RevocationEntry.chain(hash, e.seq(), e.bindingId(), serial, e.reason(), e.revokedAt());
                        forged.add(new RevocationEntry(e.seq(), e.bindingId(), serial, e.reason(), e.revokedAt(),
                                hash));
                    }
                    try (var u = db.prepareStatement("UPDATE revocation_page SET prev_hash = ?, entries = ?"
                            + " WHERE first_seq = ?")) {
                        u.setString(1, before);
                        u.setBytes(2, BackendRevocationList.encode(forged));
                        u.setLong(3, (Long) page[0]);
                        u.executeUpdate();
                    }
                }
                try (var u = db.prepareStatement("UPDATE sync_state SET revocation_hash = ?")) {
                    u.setString(1, hash);
                    u.executeUpdate();
                }
            });
            try (ConsoleServices c = TestStores.open(dir.resolve("c"))) {
                // offline, the forged copy rules (whoever holds the store's key holds its data)
                assertThat(c.lifecycle().serialsWithRevocation(List.of("PB015000"))).isEmpty();
                // the backend's list does not continue it: taken again whole, the band refused again
                c.sync().push();
                assertThat(c.sync().status(TestStores.admin(c)).lastError()).isEmpty();
                assertThat(c.lifecycle().serialsWithRevocation(List.of("PB014999", "PB015000", "PB025000")))
                        .containsExactlyInAnyOrder("PB014999", "PB015000", "PB025000");
            }
            try (ConsoleServices c = TestStores.open(dir.resolve("c"))) {
                assertThat(c.lifecycle().serialsWithRevocation(List.of("PB015000"))).containsExactly("PB015000");
                assertThat(c.lifecycle().revocationsOfBand("PB015000")).hasSize(1);
            }
        }
    }

    @Test
    void aPageThatNoLongerReadsStopsNothingAndIsTakenAgain() throws Exception {
        try (TestBackend backend = TestBackend.start(dir.resolve("backend"))) {
            // the middle page's bytes cut short, and an entry of the first page given a reason no console knows
            takenThenEdited(backend, db -> {
                try (var u = db.prepareStatement("UPDATE revocation_page SET entries = ? WHERE first_seq = 10001")) {
                    u.setBytes(1, new byte[] {0, 0, 39, 16, 0, 36});
                    u.executeUpdate();
                }
                List<RevocationEntry> first = new ArrayList<>();
                try (var q = db.prepareStatement("SELECT entries FROM revocation_page WHERE first_seq = 1");
                        var rs = q.executeQuery()) {
                    rs.next();
                    BackendRevocationList.decode(1, RevocationEntry.GENESIS, rs.getBytes(1), first);
                }
                RevocationEntry e = first.get(99);
                first.set(99, new RevocationEntry(e.seq(), e.bindingId(), e.bandSerial(), "MISPLACED", e.revokedAt(),
                        null));
                try (var u = db.prepareStatement("UPDATE revocation_page SET entries = ? WHERE first_seq = 1")) {
                    u.setBytes(1, BackendRevocationList.encode(first));
                    u.executeUpdate();
                }
            });
            try (ConsoleServices c = TestStores.open(dir.resolve("c"))) {
                // what still reads is refused; the edited entry's band too (fail closed once taken again)
                assertThat(c.lifecycle().serialsWithRevocation(List.of("PB000001", "PB015000", "PB025000")))
                        .containsExactlyInAnyOrder("PB000001", "PB025000");
                c.sync().push();
                assertThat(c.sync().status(TestStores.admin(c)).lastError()).isEmpty();
                assertThat(c.lifecycle().serialsWithRevocation(List.of("PB000100", "PB015000", "PB025000")))
                        .containsExactlyInAnyOrder("PB000100", "PB015000", "PB025000");
                c.sync().push(); // and the sync goes on
                assertThat(c.sync().status(TestStores.admin(c)).lastError()).isEmpty();
            }
        }
    }
    /**
     * What a pull reports as newly stolen counts each binding once: not one this console held already (a row of its
     * own, or an entry of its copy), not one the pull names twice; a copy taken again whole keeps its bands.
     */
    @Test
    void aPullCountsOnlyTheBindingsThisConsoleDidNotHoldAsStolen() throws Exception {
        try (ConsoleServices c = TestStores.create(dir.resolve("c"))) {
            BackendRevocationList list = new BackendRevocationList(c.database());
            java.util.UUID[] b = new java.util.UUID[6];
            for (int i = 0; i < b.length; i++) {
                b[i] = java.util.UUID.randomUUID();
            }
            List<RevocationEntry> chain = new ArrayList<>();
            String[] hash = {RevocationEntry.GENESIS};
            java.util.function.Function<java.util.UUID, RevocationEntry> next = binding -> {
                long seq = chain.size() + 1;
                String serial = String.format("PB%06d", seq);
                hash[0] = RevocationEntry.chain(hash[0], seq, binding.toString(), serial, "STOLEN",
                        "2026-12-01T10:00:00Z");
                RevocationEntry e = new RevocationEntry(seq, binding.toString(), serial, "STOLEN",
                        "2026-12-01T10:00:00Z", hash[0]);
                chain.add(e);
                return e;
            };
            // b0 twice in the first pull; b2 a row of this console's own before the second
            List<RevocationEntry> first = List.of(next.apply(b[0]), next.apply(b[1]), next.apply(b[0]));
            String afterFirst = hash[0];
            assertThat(stored(c, list, 0, RevocationEntry.GENESIS, first)).isEqualTo(2);
            c.database().runInTransaction(s -> s.doWork(db -> {
                try (var insert = db.prepareStatement("INSERT INTO band_revocation (binding_id, band_serial, reason,"
                        + " reported_at, source) VALUES (?, 'PB900002', 'STOLEN', CURRENT_TIMESTAMP, 'LOCAL')")) {
                    insert.setObject(1, b[2]);
                    insert.executeUpdate();
                }
            }));
            List<RevocationEntry> second = List.of(next.apply(b[2]), next.apply(b[1]), next.apply(b[3]));
            assertThat(stored(c, list, 3, afterFirst, second)).isEqualTo(1);
            // taken again whole: the old copy's bands become rows, so only b4 is new
            chain.clear();
            hash[0] = RevocationEntry.GENESIS;
            List<RevocationEntry> again = List.of(next.apply(b[4]), next.apply(b[0]), next.apply(b[3]));
            assertThat(stored(c, list, 0, RevocationEntry.GENESIS, again)).isEqualTo(1);
            for (int i = 0; i < 5; i++) {
                assertThat(list.byBinding(b[i]).isPresent() || rowOf(c, b[i])).as("binding b%d refused", i).isTrue();
            }
            assertThat(list.byBinding(b[5])).isEmpty();
        }
    }

    private static int stored(ConsoleServices c, BackendRevocationList list, long after, String hashBefore,
            List<RevocationEntry> entries) {
        return c.database().inTransaction(s -> s.doReturningWork(db -> list.store(db, after, hashBefore, entries)));
    }

    private static boolean rowOf(ConsoleServices c, java.util.UUID binding) {
        return c.database().inTransaction(s -> s.doReturningWork(db -> {
            try (var q = db.prepareStatement("SELECT COUNT(*) FROM band_revocation WHERE binding_id = ?")) {
                q.setObject(1, binding);
                try (var rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        }));
    }
}

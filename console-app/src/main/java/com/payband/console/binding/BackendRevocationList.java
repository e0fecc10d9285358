package com.payband.console.binding;

import com.payband.console.store.Database;
import com.payband.sync.api.RevocationEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's revocation list as this console keeps it: stored as its pulls took it, in pages of entries in list
 * order (each page with the chain hash before it), and indexed in memory by binding and by band. A row per entry cost
 * about 30 us an entry to insert; a page is one row. Only this process writes the store (the folder lock), so the
 * index follows the pages by itself once a pull's transaction is durable.
 *
 * <p>The copy is checked again whenever it is read: its chain must run from the list's first entry to the cursor the
 * console's sync keeps. A copy that does not (a page
 * removed or edited with the database's own tools) still refuses every band it names, and the next pull takes the
 * whole list again.
 */
public final class BackendRevocationList {

    /** Entries per stored page. */
    static final int PAGE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(BackendRevocationList.class);

    private final Database database;
    /** Null until first asked, or after a change it could not follow; guarded by this. */
    private Index index;

    public BackendRevocationList(Database database) {
        this.database = database;
    }

    public synchronized Optional<Revocation> byBinding(UUID bindingId) {
        return Optional.ofNullable(index().byBinding.get(bindingId)).map(Listed::revocation);
    }

    /** This band's entries on the list (a band stolen, recovered, reset and stolen again is on it twice). */
    public synchronized List<Revocation> ofBand(String bandSerial) {
        List<Revocation> found = new ArrayList<>(1);
        for (Listed l = index().bySerial.get(bandSerial); l != null; l = l.next()) {
            found.add(l.revocation());
        }
        return found;
    }

    /** Of these serials, the bands on the list. */
    public synchronized Set<String> bandsAmong(Collection<String> serials) {
        Set<String> found = new HashSet<>();
        for (String serial : serials) {
            if (index().bySerial.containsKey(serial)) {
                found.add(serial);
            }
        }
        return found;
    }

    /** False when the stored copy does not run from the list's first entry to the sync's cursor: take it anew. */
    public synchronized boolean intact() {
        return index().intact;
    }

    /**
     * Stores entries taken from the backend's list in the caller's transaction, continuing the copy after entry
     * {@code after} (whose chain hash is {@code hashBefore}); 0 starts the copy anew (another backend's list, or a
     * copy that did not verify): the pages before become rows of {@code band_revocation}, so every band they named
     * stays refused. The index follows once the transaction is durable.
     *
     * @return how many entries name a binding this console did not yet hold as revoked
     */
    public int store(Connection c, long after, String hashBefore, List<RevocationEntry> entries) throws SQLException {
        Set<UUID> known;
        if (after == 0) {
            known = allRows(c);
            retirePages(c, known);
        } else {
            // only the bindings this pull names are looked up: a pull of a few entries costs a few look-ups, however
            // long the list already is
            Set<UUID> named = new HashSet<>();
            entries.forEach(e -> named.add(UUID.fromString(e.bindingId())));
            known = rowsAmong(c, named);
            synchronized (this) {
                Map<UUID, Listed> listed = index().byBinding;
                named.stream().filter(listed::containsKey).forEach(known::add);
            }
        }
        int added = 0;
        for (RevocationEntry e : entries) {
            if (known.add(UUID.fromString(e.bindingId()))) {
                added++;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO revocation_page (first_seq, last_seq,"
                + " prev_hash, entries) VALUES (?, ?, ?, ?)")) {
            for (int from = 0; from < entries.size(); from += PAGE) {
                List<RevocationEntry> page = entries.subList(from, Math.min(entries.size(), from + PAGE));
                insert.setLong(1, page.get(0).seq());
                insert.setLong(2, page.get(page.size() - 1).seq());
                insert.setString(3, from == 0 ? (after == 0 ? RevocationEntry.GENESIS : hashBefore)
                        : entries.get(from - 1).hash());
                insert.setBytes(4, encode(page));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<RevocationEntry> taken = List.copyOf(entries);
        synchronized (this) {
            // refused from now on, not only once the commit is on disk: the entries are the issuer's, checked (were
            // the commit lost, the next pull brings them again and the index is read anew)
            if (index != null) {
                taken.forEach(index::add);
            }
        }
        database.afterDurableCommit(() -> committed(after, taken));
        return added;
    }

    /** Ids per look-up of a pull's bindings among the rows (a pull may bring the whole list). */
    private static final int IN_CHUNK = 1000;

    /** Every binding that has a row of {@code band_revocation}. */
    private static Set<UUID> allRows(Connection c) throws SQLException {
        Set<UUID> rows = new HashSet<>();
        rowsWhere(c, "", List.of(), rows);
        return rows;
    }

    /** The bindings among {@code named} that have a row of {@code band_revocation}. */
    private static Set<UUID> rowsAmong(Connection c, Set<UUID> named) throws SQLException {
        Set<UUID> rows = new HashSet<>();
        List<UUID> asked = List.copyOf(named);
        for (int from = 0; from < asked.size(); from += IN_CHUNK) {
            List<UUID> some = asked.subList(from, Math.min(asked.size(), from + IN_CHUNK));
            rowsWhere(c, " WHERE binding_id IN (" + "?,".repeat(some.size() - 1) + "?)", some, rows);
        }
        return rows;
    }

    private static void rowsWhere(Connection c, String where, List<UUID> values, Set<UUID> into) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT binding_id FROM band_revocation" + where)) {
            for (int i = 0; i < values.size(); i++) {
                q.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    into.add(rs.getObject(1, UUID.class));
                }
            }
        }
    }

    /** A copy begun anew: what the pages held becomes rows, the pages go, and the chain starts at the genesis. */
    private void retirePages(Connection c, Set<UUID> known) throws SQLException {
        java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO band_revocation (binding_id, band_serial,"
                + " reason, reported_at, source) VALUES (?, ?, ?, ?, 'BACKEND')")) {
            eachPage(c, page -> {
                for (RevocationEntry e : page.entries()) {
                    // a copy taken again because it was edited may hold entries that no longer read: each band it
                    // names stays refused (fail closed), under what of it still reads
                    UUID binding = uuidOr(e.bindingId(), e.bandSerial());
                    if (binding == null || !known.add(binding)) {
                        continue;
                    }
                    insert.setObject(1, binding);
                    insert.setString(2, e.bandSerial());
                    insert.setString(3, reasonOr(e.reason()).name());
                    insert.setTimestamp(4, timeOr(e.revokedAt(), now));
                    insert.addBatch();
                }
                insert.executeBatch();
            });
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM revocation_page")) {
            delete.executeUpdate();
        }
    }

    /** The entry's binding, else its band's key as an imported list gives it; null when neither reads. */
    private static UUID uuidOr(String bindingId, String bandSerial) {
        try {
            return UUID.fromString(bindingId);
        } catch (IllegalArgumentException e) {
            return bandSerial == null || bandSerial.isEmpty() || bandSerial.length() > 32 ? null
                    : Revocation.importedKey(bandSerial);
        }
    }

    private static ReasonCode reasonOr(String reason) {
        try {
            ReasonCode code = ReasonCode.valueOf(reason);
            return Revocation.revokes(code) ? code : ReasonCode.STOLEN;
        } catch (IllegalArgumentException e) {
            return ReasonCode.STOLEN;
        }
    }

    private static java.sql.Timestamp timeOr(String at, java.sql.Timestamp otherwise) {
        try {
            return java.sql.Timestamp.from(Instant.parse(at));
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    private synchronized void committed(long after, List<RevocationEntry> entries) {
        if (after == 0) {
            // what the old pages held is in band_revocation now: the index is the new entries alone
            index = new Index();
        } else if (index == null || !index.intact || index.lastSeq != after) {
            index = null; // read again when next asked
            return;
        }
        for (RevocationEntry e : entries) {
            index.add(e); // again after a new index; a no-op for those added before the commit
        }
        if (!entries.isEmpty()) {
            index.lastSeq = entries.get(entries.size() - 1).seq();
        }
    }

    private Index index() {
        if (index == null) {
            index = database.inTransaction(s -> s.doReturningWork(BackendRevocationList::read));
        }
        return index;
    }

    /** A stored page; {@code whole} false when its bytes end early or say nonsense (the entries before are kept). */
    private record Page(long firstSeq, long lastSeq, String prevHash, List<RevocationEntry> entries, boolean whole) {
    }

    private static Index read(Connection c) throws SQLException {
        long cursor = 0;
        String cursorHash = RevocationEntry.GENESIS;
        try (PreparedStatement q = c.prepareStatement("SELECT revocation_seq, revocation_hash FROM sync_state");
                ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                cursor = rs.getLong(1);
                cursorHash = rs.getString(2) == null ? RevocationEntry.GENESIS : rs.getString(2);
            }
        }
        Index index = new Index();
        // where the chain has got to, and the first damage found
        var walk = new Object() {
            long seq;
            String hash = RevocationEntry.GENESIS;
            String broken;
        };
        eachPage(c, page -> {
            if (walk.broken == null && (page.firstSeq() != walk.seq + 1 || !page.prevHash().equals(walk.hash))) {
                walk.broken = "the page from entry " + page.firstSeq() + " does not continue entry " + walk.seq;
            } else if (walk.broken == null && (!page.whole()
                    || page.lastSeq() != page.firstSeq() + page.entries().size() - 1)) {
                walk.broken = "the page from entry " + page.firstSeq() + " cannot be read whole";
            }
            for (RevocationEntry e : page.entries()) {
                try {
                    Instant.parse(e.revokedAt()); // the index reads it only when an entry is asked for
                    index.add(e);
                } catch (RuntimeException unreadable) { // the pull checked each entry: this one was edited since
                    walk.broken = walk.broken != null ? walk.broken
                            : "entry " + e.seq() + " is not a revocation: " + unreadable;
                }
            }
            if (!page.entries().isEmpty()) {
                walk.seq = page.lastSeq();
                walk.hash = page.entries().get(page.entries().size() - 1).hash();
            }
        });
        String broken = walk.broken;
        if (broken == null && (walk.seq != cursor || !walk.hash.equals(cursorHash))) {
            broken = "the copy ends at entry " + walk.seq + ", the sync's cursor is at " + cursor;
        }
        // a cursor put back to 0 (registered with another backend) is replaced by its next pull: not damage
        index.intact = broken == null || cursor == 0;
        index.lastSeq = walk.seq;
        if (!index.intact) {
            LOG.error("the stored copy of the backend's revocation list does not verify ({}): its bands stay refused,"
                    + " and the next sync takes the whole list again", broken);
        }
        return index;
    }

    /** Visits the stored pages in list order, each entry's chain hash computed again from the page's hash before it. */
    private static void eachPage(Connection c, PageVisitor visitor) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT first_seq, last_seq, prev_hash, entries"
                + " FROM revocation_page ORDER BY first_seq"); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long first = rs.getLong(1);
                String prev = rs.getString(3);
                List<RevocationEntry> entries = new ArrayList<>();
                boolean whole;
                try {
                    whole = decode(first, prev, rs.getBytes(4), entries);
                } catch (SQLException unreadable) { // a damaged value: the copy is taken again, not the console stopped
                    LOG.error("a stored page of the revocation list cannot be read", unreadable);
                    whole = false;
                }
                visitor.visit(new Page(first, rs.getLong(2), prev, entries, whole));
            }
        }
    }

    /** What is done with each stored page, one at a time (a list's entries are never all decoded at once). */
    @FunctionalInterface
    private interface PageVisitor {
        void visit(Page page) throws SQLException;
    }

    static byte[] encode(List<RevocationEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (RevocationEntry e : entries) {
                // the fields exactly as the backend signed them: the chain is computed again from them when read
                out.writeUTF(e.bindingId());
                out.writeUTF(e.bandSerial());
                out.writeUTF(e.reason());
                out.writeUTF(e.revokedAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a page's entries into {@code into}; false when its bytes end early or say nonsense. */
    static boolean decode(long firstSeq, String prevHash, byte[] page, List<RevocationEntry> into) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(page))) {
            int count = in.readInt();
            if (count < 0 || count > PAGE) {
                return false;
            }
            String hash = prevHash;
            for (int i = 0; i < count; i++) {
                long seq = firstSeq + i;
                String binding = in.readUTF();
                String serial = in.readUTF();
                String reason = in.readUTF();
                String at = in.readUTF();
                hash = RevocationEntry.chain(hash, seq, binding, serial, reason, at);
                RevocationEntry e = new RevocationEntry(seq, binding, serial, reason, at, hash);
                into.add(e);
            }
            return in.read() == -1;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * An entry as the index keeps it: the fields as listed (made a {@link Revocation} when asked for: a list of
     * 100,000 is indexed in a pull's time, not parsed into objects), and the band's entry before it, if any.
     */
    private record Listed(UUID bindingId, String bandSerial, String reason, String revokedAt, Listed next) {

        Revocation revocation() {
            return new Revocation(bindingId, bandSerial, ReasonCode.valueOf(reason), Instant.parse(revokedAt),
                    Revocation.Source.BACKEND);
        }
    }

    /** The list's entries by binding and by band, and where the copy ends. */
    private static final class Index {
        final Map<UUID, Listed> byBinding = new HashMap<>(1 << 16);
        final Map<String, Listed> bySerial = new HashMap<>(1 << 16);
        long lastSeq;
        boolean intact = true;

        /** Adds an entry; a malformed one (a stored copy edited since its pull checked it) throws. */
        void add(RevocationEntry e) {
            UUID binding = UUID.fromString(e.bindingId());
            String reason = ReasonCode.valueOf(e.reason()).name(); // one string for all, not one per entry
            if (!byBinding.containsKey(binding)) {
                Listed listed = new Listed(binding, e.bandSerial(), reason, e.revokedAt(),
                        bySerial.get(e.bandSerial()));
                byBinding.put(binding, listed);
                bySerial.put(e.bandSerial(), listed);
            }
        }
    }
}

package com.payband.console.sync;

import com.payband.console.audit.Actor;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.binding.BackendRevocationList;
import com.payband.console.binding.ReasonCode;
import com.payband.console.store.Database;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.ProtocolException;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.RevocationDelta;
import com.payband.sync.api.RevocationEntry;
import com.payband.sync.api.RevocationHead;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Takes the backend's revocation list into the store, from the console's cursor on: every page must continue the
 * hash chain of what the console already has, and the chain must end in the head the issuer signed (the root key
 * the bands pin); only then are the new entries stored (source BACKEND), with the cursor and an audit event, in
 * one transaction. A list that does not verify changes nothing.
 */
final class RevocationPull {

    /** What one pull took, and the list's head as signed. */
    /** @param endedHere this console's bindings another store's report ended */
    record Taken(int added, long seq, Instant signedAt, int endedHere) {
    }

    private final Database database;
    private final BackendRevocationList list;
    private final AuditTrail audit;
    private final Supplier<byte[]> issuerRoot;
    private final Clock clock;
    private final com.payband.console.lifecycle.LifecycleService lifecycle;

    RevocationPull(Database database, BackendRevocationList list, AuditTrail audit, Supplier<byte[]> issuerRoot,
            Clock clock, com.payband.console.lifecycle.LifecycleService lifecycle) {
        this.lifecycle = lifecycle;
        this.database = database;
        this.list = list;
        this.audit = audit;
        this.issuerRoot = issuerRoot;
        this.clock = clock;
    }

    Taken pull(BackendClient client) throws BackendException {
        SyncState state = database.inTransaction(s -> s.find(SyncState.class, SyncState.ID));
        long seq = state == null ? 0 : state.revocationSeq();
        String hash = state == null || state.revocationHash() == null ? RevocationEntry.GENESIS : state.revocationHash();
        // a stored copy that does not verify (edited with the database's tools) is taken again whole
        boolean retaken = seq > 0 && !list.intact();
        Fetched fetched = retaken ? null : fetch(client, seq, hash);
        if (fetched == null && seq > 0) {
            // the backend's list does not continue this console's copy where it ends, and does not go back behind it:
            // the copy was changed here (its hashes recomputed with it). The backend's whole list is taken instead,
            // if it verifies whole; the copy's bands stay refused (the retake keeps them)
            retaken = true;
            fetched = fetch(client, 0, RevocationEntry.GENESIS);
        }
        if (fetched == null) {
            throw notProven("its first entry does not start the chain");
        }
        Fetched got = fetched;
        boolean takenAgain = retaken;
        verifySignature(got.head());
        Instant signedAt = Instant.parse(got.head().signedAt());
        int[] endedHere = {0};
        int added = database.inTransaction(s -> {
            int[] stored = {0};
            if (!got.taken().isEmpty() || got.after() == 0) { // from 0: an earlier backend's or a damaged copy goes
                s.doWork(c -> stored[0] = list.store(c, got.after(), got.hashBefore(), got.taken()));
            }
            SyncState row = s.find(SyncState.class, SyncState.ID);
            if (row == null) {
                row = new SyncState(clock.instant());
                s.persist(row);
            }
            row.revocationsTaken(got.seq(), got.hash(), signedAt);
            // a band of this console's that its owner reported stolen at another store: its binding ends here too
            Map<UUID, ReasonCode> revoked = new HashMap<>();
            got.taken().forEach(e -> revoked.put(UUID.fromString(e.bindingId()), ReasonCode.valueOf(e.reason())));
            endedHere[0] = lifecycle.endedElsewhere(s, revoked);
            if (!got.taken().isEmpty() || takenAgain) {
                audit.append(s, Actor.SYSTEM, AuditAction.REVOCATION_LIST_UPDATED, Outcome.SUCCESS,
                        new Target("revocation-list", Long.toString(got.seq())), null,
                        stored[0] + " stolen bands' bindings added, list up to entry " + got.seq() + (takenAgain
                                ? "; taken again whole: the stored copy did not verify, or the backend's list did not"
                                + " continue it" : ""));
            }
            return stored[0];
        });
        if (endedHere[0] > 0) {
            lifecycle.endedElsewhereCommitted();
        }
        return new Taken(added, got.seq(), signedAt, endedHere[0]);
    }

    /**
     * What the backend's list holds after entry {@code after} (chain hash {@code hashBefore}): its entries, its head,
     * and where the chain then ends.
     */
    private record Fetched(long after, String hashBefore, List<RevocationEntry> taken, RevocationHead head, long seq,
            String hash) {
    }

    /**
     * The backend's entries after entry {@code seq} (chain hash {@code hash}), each checked to continue the one before;
     * null when the list does not continue that hash at that entry (without going back behind it).
     */
    private static Fetched fetch(BackendClient client, long seq, String hash) throws BackendException {
        long from = seq;
        String fromHash = hash;
        List<RevocationEntry> taken = new ArrayList<>();
        RevocationHead head;
        while (true) {
            RevocationDelta delta = client.get(ApiPaths.REVOCATIONS + "?after=" + seq, RevocationDelta.class);
            head = delta.head();
            if (head == null || delta.entries() == null) {
                throw notProven("an answer without entries or head");
            }
            for (RevocationEntry e : delta.entries()) {
                if (e.seq() == from + 1 && seq == from && !e.expectedHash(hash).equals(e.hash())) {
                    return null;
                }
                if (e.seq() != seq + 1 || !e.expectedHash(hash).equals(e.hash())) {
                    throw notProven("entry " + e.seq() + " does not continue entry " + seq);
                }
                try {
                    UUID.fromString(e.bindingId());
                    Instant.parse(e.revokedAt());
                    if (!com.payband.console.binding.Revocation.revokes(ReasonCode.valueOf(e.reason()))) {
                        throw new IllegalArgumentException(e.reason());
                    }
                } catch (RuntimeException bad) {
                    throw notProven("entry " + e.seq() + " is not a revocation the console knows: " + bad.getMessage());
                }
                seq = e.seq();
                hash = e.hash();
                taken.add(e);
            }
            if (!delta.more() || delta.entries().isEmpty()) {
                break;
            }
        }
        if (head.seq() == from && seq == from && !head.hash().equals(hash)) {
            return null;
        }
        if (head.seq() != seq || !head.hash().equals(hash)) {
            throw notProven("the list ends at " + seq + ", its head says " + head.seq()
                    + (head.seq() < seq ? " (the backend's list went back)" : ""));
        }
        return new Fetched(from, fromHash, taken, head, seq, hash);
    }

    private void verifySignature(RevocationHead head) throws BackendException {
        byte[] root;
        try {
            root = issuerRoot.get();
        } catch (IllegalStateException e) {
            throw new BackendException(BackendException.Reason.UNREACHABLE, null,
                    "the issuer's root key could not be fetched: " + e.getMessage(), e);
        }
        try {
            byte[] signature = Base64.getDecoder().decode(String.valueOf(head.signature()));
            if (!P256.verify(P256.decode(root), RevocationHead.toBeSigned(head.seq(), head.hash(), head.signedAt()),
                    signature)) {
                throw notProven("its head is not signed by the issuer");
            }
        } catch (ProtocolException | IllegalArgumentException e) {
            throw notProven("its head's signature cannot be read");
        }
    }

    private static BackendException notProven(String why) {
        return new BackendException(BackendException.Reason.LIST_NOT_PROVEN,
                "the backend's revocation list was not taken: " + why);
    }
}

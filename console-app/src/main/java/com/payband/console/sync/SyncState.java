package com.payband.console.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** How the last pushes went (one row): shown by {@code sync status} and the window. */
@Entity
@Table(name = "sync_state")
public class SyncState {

    static final int ID = 1;

    @Id
    @Column(name = "id")
    private Integer id;

    @Column(name = "last_success_at")
    private Instant lastSuccessAt;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_error", length = 64)
    private String lastError;

    @Column(name = "revocation_seq", nullable = false)
    private long revocationSeq;

    @Column(name = "revocation_hash", length = 64)
    private String revocationHash;

    @Column(name = "revocation_signed_at")
    private Instant revocationSignedAt;

    protected SyncState() {
    }

    SyncState(Instant at) {
        this.id = ID;
        this.lastAttemptAt = at;
    }

    void succeeded(Instant at) {
        lastSuccessAt = at;
        lastAttemptAt = at;
        lastError = null;
    }

    void failed(Instant at, String error) {
        lastAttemptAt = at;
        lastError = error;
    }

    /** The revocation list taken up to this entry, whose chain hash is this, checked against a head signed then. */
    void revocationsTaken(long seq, String hash, Instant signedAt) {
        revocationSeq = seq;
        revocationHash = hash;
        revocationSignedAt = signedAt;
    }

    public long revocationSeq() {
        return revocationSeq;
    }

    public String revocationHash() {
        return revocationHash;
    }

    public Instant revocationSignedAt() {
        return revocationSignedAt;
    }

    public Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    public Instant lastAttemptAt() {
        return lastAttemptAt;
    }

    public String lastError() {
        return lastError;
    }
}

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

package com.payband.console.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One event for the backend. The payload is sealed; the event id makes delivery idempotent. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    /**
     * PENDING until the backend answers; SENT (stored there), REJECTED (refused for good), or ELSEWHERE: a change of a
     * binding made under an earlier registration, kept here because the current backend's issuer does not know it.
     */
    public enum Status { PENDING, SENT, REJECTED, ELSEWHERE }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_seq")
    @SequenceGenerator(name = "outbox_seq", sequenceName = "outbox_seq", allocationSize = 1)
    @Column(name = "id")
    private Long id;

    @Column(name = "event_id", nullable = false, unique = true)
    private UUID eventId;

    @Column(name = "event_type", nullable = false, length = 64)
    private String eventType;

    @Column(name = "aggregate_id", nullable = false, length = 64)
    private String aggregateId;

    @Column(name = "payload", nullable = false, length = 65536)
    private byte[] sealedPayload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "simulated", nullable = false)
    private boolean simulated;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "status", nullable = false, length = 16)
    private Status status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    /** 1: leaves before the routine events (a block, and the earlier events of its binding); 0: in turn. */
    @Column(name = "priority", nullable = false)
    private int priority;

    /** Why the backend refused it for good (its API error code), when REJECTED. */
    @Column(name = "rejection", length = 64)
    private String rejection;

    protected OutboxEvent() {
        // for Hibernate
    }

    OutboxEvent(UUID eventId, String eventType, String aggregateId, byte[] sealedPayload, Instant createdAt,
            boolean simulated) {
        this.eventId = eventId;
        this.eventType = eventType;
        this.aggregateId = aggregateId;
        this.sealedPayload = sealedPayload.clone();
        this.createdAt = createdAt;
        this.simulated = simulated;
        this.status = Status.PENDING;
    }

    public Long id() {
        return id;
    }

    public UUID eventId() {
        return eventId;
    }

    public String eventType() {
        return eventType;
    }

    public String aggregateId() {
        return aggregateId;
    }

    byte[] sealedPayload() {
        return sealedPayload.clone();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean simulated() {
        return simulated;
    }

    public Status status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public String rejection() {
        return rejection;
    }

    void urgent() {
        this.priority = 1;
    }

    public boolean isUrgent() {
        return priority > 0;
    }
}

package com.payband.console.enrollment;

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
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An enrollment taken while the issuer could not be reached (see {@link EnrollmentQueue}): the customer (their
 * document and consent are in the customer tables), the phone key accepted then, and the band chosen.
 */
@Entity
@Table(name = "enrollment_queue")
public class QueuedEnrollment {

    public enum State { WAITING, DONE, FAILED, REMOVED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "enrollment_queue_seq")
    @SequenceGenerator(name = "enrollment_queue_seq", sequenceName = "enrollment_queue_seq", allocationSize = 1)
    @Column(name = "id")
    private Long id;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Column(name = "band_serial", nullable = false, length = 32)
    private String bandSerial;

    @Column(name = "phone_key", nullable = false, length = 128)
    private byte[] phoneKey;

    @Column(name = "phone_code_at", nullable = false)
    private Instant phoneCodeAt;

    @Column(name = "queued_by", nullable = false, length = 64)
    private String queuedBy;

    @Column(name = "queued_at", nullable = false)
    private Instant queuedAt;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "state", nullable = false, length = 16)
    private State state;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_error", length = 64)
    private String lastError;

    @Column(name = "binding_id")
    private UUID bindingId;

    @Column(name = "ended_at")
    private Instant endedAt;

    protected QueuedEnrollment() {
    }

    QueuedEnrollment(UUID customerId, String bandSerial, byte[] phoneKey, Instant phoneCodeAt, String queuedBy,
            Instant queuedAt) {
        this.customerId = customerId;
        this.bandSerial = bandSerial;
        this.phoneKey = phoneKey.clone();
        this.phoneCodeAt = phoneCodeAt;
        this.queuedBy = queuedBy;
        this.queuedAt = queuedAt;
        this.state = State.WAITING;
    }

    void attempted(Instant at, String error) {
        attempts++;
        lastAttemptAt = at;
        lastError = error;
    }

    void ended(State outcome, UUID binding, Instant at) {
        state = outcome;
        bindingId = binding;
        endedAt = at;
    }

    public long id() {
        return id;
    }

    public UUID customerId() {
        return customerId;
    }

    public String bandSerial() {
        return bandSerial;
    }

    byte[] phoneKey() {
        return phoneKey.clone();
    }

    Instant phoneCodeAt() {
        return phoneCodeAt;
    }

    public String queuedBy() {
        return queuedBy;
    }

    public Instant queuedAt() {
        return queuedAt;
    }

    public State state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Optional<Instant> lastAttemptAt() {
        return Optional.ofNullable(lastAttemptAt);
    }

    /** The reason of the last attempt that did not bind (an {@link EnrollmentException.Reason} name). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Optional<UUID> bindingId() {
        return Optional.ofNullable(bindingId);
    }

    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }
}

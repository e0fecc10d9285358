package com.payband.console.binding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One step of a binding's history: who moved it, when, why; or who served it without moving it (a {@link ServiceStep}).
 * Never changed once written.
 */
@Entity
@Immutable
@Table(name = "binding_transition")
public class BindingTransition {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "binding_id", nullable = false)
    private UUID bindingId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "from_state", length = 16)
    private BindingState fromState;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "to_state", nullable = false, length = 16)
    private BindingState toState;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "reason", length = 32)
    private ReasonCode reason;

    @Column(name = "staff_id", nullable = false)
    private UUID staffId;

    @Column(name = "at", nullable = false)
    private Instant at;

    /** The member's note on this step, sealed (see {@code LifecycleService}); null when none was written. */
    @Column(name = "sealed_note", length = 4096)
    private byte[] sealedNote;

    /** Set for a step that serves the binding without moving it; from and to are then its state at the time. */
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "service_step", length = 16)
    private ServiceStep serviceStep;

    /** What was done to a binding's band or phone, its state unchanged. */
    public enum ServiceStep {
        /** The band's phone slot freed (the old phone locked out). */
        PHONE_UNLINKED,
        /** The owner's new phone linked into the band. */
        PHONE_LINKED,
        /** The band reset to factory state (the binding had ended). */
        BAND_RESET
    }

    protected BindingTransition() {
        // for Hibernate
    }

    BindingTransition(UUID bindingId, BindingState fromState, BindingState toState, ReasonCode reason, UUID staffId,
            Instant at) {
        this.bindingId = bindingId;
        this.fromState = fromState;
        this.toState = toState;
        this.reason = reason;
        this.staffId = staffId;
        this.at = at;
    }

    /** A step that serves this binding in its present state, made by this member for this reason. */
    public static BindingTransition served(Binding binding, ServiceStep step, ReasonCode reason, UUID staffId,
            Instant at) {
        BindingTransition t = new BindingTransition(binding.id(), binding.state(), binding.state(), reason, staffId, at);
        t.serviceStep = java.util.Objects.requireNonNull(step);
        return t;
    }

    public java.util.Optional<ServiceStep> serviceStep() {
        return java.util.Optional.ofNullable(serviceStep);
    }

    /** Before it is persisted: the note, sealed by the caller. */
    public void attachSealedNote(byte[] sealed) {
        if (id != null) {
            throw new IllegalStateException("a recorded step is never changed");
        }
        this.sealedNote = sealed;
    }

    public java.util.Optional<byte[]> sealedNote() {
        return java.util.Optional.ofNullable(sealedNote);
    }

    public UUID bindingId() {
        return bindingId;
    }

    /** Null for the first entry (the binding's creation as PENDING). */
    public BindingState fromState() {
        return fromState;
    }

    public BindingState toState() {
        return toState;
    }

    /** Null for the creation entry. */
    public ReasonCode reason() {
        return reason;
    }

    public UUID staffId() {
        return staffId;
    }

    public Instant at() {
        return at;
    }
}

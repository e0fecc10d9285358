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

/** One step of a binding's history: who moved it, when, why. Never changed once written. */
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

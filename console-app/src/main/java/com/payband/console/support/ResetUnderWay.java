package com.payband.console.support;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A reset of a recovered band under way (schema 12): recorded before the signed RESET reaches the band, removed with
 * the reset's audit record. One found at a start is a reset the console did not see through: the band settles it.
 */
@Entity
@Immutable
@Table(name = "band_reset_under_way")
public class ResetUnderWay {

    @Id
    @Column(name = "band_serial", length = 32)
    private String bandSerial;

    @Column(name = "binding_id", nullable = false)
    private UUID bindingId;

    @Column(name = "staff_id")
    private UUID staffId;

    @Column(name = "staff", nullable = false, length = 64)
    private String staff;

    /** What the reset rested on ({@link SupportService.ResetDone.Grounds}), for its audit record. */
    @Column(name = "grounds", nullable = false, length = 32)
    private String grounds;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    /** Why the band is reset (schema 13), for the binding's history once it is done. */
    @Column(name = "reason", length = 32)
    private String reason;

    /** The member's note, sealed by the lifecycle as every step's note is (schema 13). */
    @Column(name = "sealed_note", length = 4096)
    private byte[] sealedNote;

    protected ResetUnderWay() {
        // for Hibernate
    }

    ResetUnderWay(String bandSerial, UUID bindingId, UUID staffId, String staff, SupportService.ResetDone.Grounds grounds,
            Instant startedAt, com.payband.console.binding.ReasonCode reason, byte[] sealedNote) {
        this.reason = reason.name();
        this.sealedNote = sealedNote;
        this.bandSerial = bandSerial;
        this.bindingId = bindingId;
        this.staffId = staffId;
        this.staff = staff;
        this.grounds = grounds.name();
        this.startedAt = startedAt;
    }

    public String bandSerial() {
        return bandSerial;
    }

    public UUID bindingId() {
        return bindingId;
    }

    public com.payband.console.audit.Actor actor() {
        return new com.payband.console.audit.Actor(staffId, staff);
    }

    public SupportService.ResetDone.Grounds grounds() {
        return SupportService.ResetDone.Grounds.valueOf(grounds);
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** FOUND for a reset recorded before schema 13 (every reset then was of a recovered band). */
    public com.payband.console.binding.ReasonCode reason() {
        return reason == null ? com.payband.console.binding.ReasonCode.FOUND
                : com.payband.console.binding.ReasonCode.valueOf(reason);
    }

    public byte[] sealedNote() {
        return sealedNote;
    }
}

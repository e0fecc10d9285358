package com.payband.console.support;

import com.payband.band.protocol.PhoneFingerprint;
import com.payband.console.binding.ReasonCode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A change of a band's phone under way (schema 15): recorded before the first signed step reaches the band, removed
 * once the change is recorded. One found at a start is a change the console did not see through: the band, asked which
 * phone it obeys, settles it.
 */
@Entity
@Immutable
@Table(name = "phone_change_under_way")
public class PhoneChangeUnderWay {

    @Id
    @Column(name = "binding_id")
    private UUID bindingId;

    @Column(name = "band_serial", nullable = false, length = 32)
    private String bandSerial;

    @Column(name = "staff_id")
    private UUID staffId;

    @Column(name = "staff", nullable = false, length = 64)
    private String staff;

    /** The new phone's key fingerprint (hex); null when the change only unlinks. */
    @Column(name = "new_phone", length = 64)
    private String newPhone;

    @Column(name = "reason", nullable = false, length = 32)
    private String reason;

    /** The member's note, sealed by the lifecycle as every step's note is. */
    @Column(name = "sealed_note", length = 4096)
    private byte[] sealedNote;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    protected PhoneChangeUnderWay() {
        // for Hibernate
    }

    PhoneChangeUnderWay(UUID bindingId, String bandSerial, com.payband.console.audit.Actor actor,
            PhoneFingerprint newPhone, ReasonCode reason, byte[] sealedNote, Instant startedAt) {
        this.bindingId = bindingId;
        this.bandSerial = bandSerial;
        this.staffId = actor.staffId();
        this.staff = actor.name();
        this.newPhone = newPhone == null ? null : newPhone.hex();
        this.reason = reason.name();
        this.sealedNote = sealedNote;
        this.startedAt = startedAt;
    }

    public UUID bindingId() {
        return bindingId;
    }

    public String bandSerial() {
        return bandSerial;
    }

    public com.payband.console.audit.Actor actor() {
        return new com.payband.console.audit.Actor(staffId, staff);
    }

    public Optional<PhoneFingerprint> newPhone() {
        return Optional.ofNullable(newPhone).map(PhoneFingerprint::new);
    }

    public ReasonCode reason() {
        return ReasonCode.valueOf(reason);
    }

    public byte[] sealedNote() {
        return sealedNote;
    }

    public Instant startedAt() {
        return startedAt;
    }
}

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

    protected ResetUnderWay() {
        // for Hibernate
    }

    ResetUnderWay(String bandSerial, UUID bindingId, UUID staffId, String staff, SupportService.ResetDone.Grounds grounds,
            Instant startedAt) {
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
}

package com.payband.console.binding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A binding reported stolen or fraudulent. A band that still holds it is refused by every console
 * (enrollment, diagnostics), so a stolen band is useless; a support agent's issuer-signed reset of a
 * recovered band erases the binding from the band, and with it the refusal.
 */
@Entity
@Immutable
@Table(name = "band_revocation")
public class Revocation {

    /** Where the report came from. */
    public enum Source { LOCAL, BACKEND, SAMPLE, IMPORTED }

    @Id
    @Column(name = "binding_id")
    private UUID bindingId;

    @Column(name = "band_serial", nullable = false, length = 32)
    private String bandSerial;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "reason", nullable = false, length = 32)
    private ReasonCode reason;

    @Column(name = "reported_at", nullable = false)
    private Instant reportedAt;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "source", nullable = false, length = 16)
    private Source source;

    /** An imported list's own reference for the entry (a police report, a case number); null otherwise. */
    @Column(name = "reference", length = 64)
    private String reference;

    protected Revocation() {
        // for Hibernate
    }

    public Revocation(UUID bindingId, String bandSerial, ReasonCode reason, Instant reportedAt, Source source) {
        this.bindingId = bindingId;
        this.bandSerial = bandSerial;
        this.reason = reason;
        this.reportedAt = reportedAt;
        this.source = source;
    }

    /**
     * An entry of an imported list of stolen bands: by serial only (the band has no binding here), so its key is derived
     * from the serial and a second import of the same band adds nothing.
     */
    public static Revocation imported(String bandSerial, ReasonCode reason, String reference, Instant at) {
        Revocation r = new Revocation(importedKey(bandSerial), bandSerial, reason, at, Source.IMPORTED);
        r.reference = reference;
        return r;
    }

    /** The key of a band on an imported list: the same as the backend's list gives it (one row per band). */
    public static UUID importedKey(String bandSerial) {
        return UUID.fromString(com.payband.sync.api.RevocationEntry.importedBindingId(bandSerial));
    }

    public java.util.Optional<String> reference() {
        return java.util.Optional.ofNullable(reference);
    }

    /** Reasons that make a band useless everywhere (not a customer's own request, damage or replacement). */
    public static boolean revokes(ReasonCode reason) {
        return reason == ReasonCode.STOLEN || reason == ReasonCode.FRAUD;
    }

    public UUID bindingId() {
        return bindingId;
    }

    public String bandSerial() {
        return bandSerial;
    }

    public ReasonCode reason() {
        return reason;
    }

    public Instant reportedAt() {
        return reportedAt;
    }

    public Source source() {
        return source;
    }
}

package com.payband.console.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A customer's acceptance of one version of the consent text, in one language: who served them and
 * when. It names the customer by internal id only; the text itself is the versioned resource (see
 * {@link ConsentText}). Never changed: a new acceptance is a new record.
 */
@Entity
@Immutable
@Table(name = "customer_consent")
public class Consent {

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Column(name = "consent_version", nullable = false, length = 32)
    private String consentVersion;

    @Column(name = "language", nullable = false, length = 16)
    private String language;

    @Column(name = "accepted_at", nullable = false)
    private Instant acceptedAt;

    @Column(name = "accepted_by", nullable = false)
    private UUID acceptedBy;

    @Column(name = "simulated", nullable = false)
    private boolean simulated;

    protected Consent() {
        // for Hibernate
    }

    Consent(UUID id, UUID customerId, String consentVersion, String language, Instant acceptedAt, UUID acceptedBy,
            boolean simulated) {
        this.id = id;
        this.customerId = customerId;
        this.consentVersion = consentVersion;
        this.language = language;
        this.acceptedAt = acceptedAt;
        this.acceptedBy = acceptedBy;
        this.simulated = simulated;
    }

    public UUID id() {
        return id;
    }

    public UUID customerId() {
        return customerId;
    }

    /** The version of the text accepted, e.g. {@code 2026-11}. */
    public String consentVersion() {
        return consentVersion;
    }

    /** The language of the text accepted, as a language tag: {@code en}, {@code zh-CN}. */
    public String language() {
        return language;
    }

    public Instant acceptedAt() {
        return acceptedAt;
    }

    /** The member of staff who took the consent. */
    public UUID acceptedBy() {
        return acceptedBy;
    }

    /** Taken for a customer registered from a simulated document. */
    public boolean simulated() {
        return simulated;
    }

    @Override
    public String toString() {
        return "Consent[" + id + " customer " + customerId + " version " + consentVersion + " " + language + "]";
    }
}

package com.payband.console.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A person verified by an identity document. Only keyed hashes (for exact lookups) and the sealed
 * identity are stored: the row alone names nobody.
 */
@Entity
@Table(name = "customer")
public class Customer {

    @Id
    private UUID id;

    @Column(name = "document_number_index", nullable = false, length = 64)
    private String documentNumberIndex;

    @Column(name = "name_index", nullable = false, length = 64)
    private String nameIndex;

    /** Null where the name has one form only. */
    @Column(name = "name_index_alt", length = 64)
    private String nameIndexAlt;

    @Column(name = "identity", nullable = false, length = 65536)
    private byte[] sealedIdentity;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private UUID createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "simulated", nullable = false)
    private boolean simulated;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Customer() {
        // for Hibernate
    }

    Customer(UUID id, String documentNumberIndex, String nameIndex, String nameIndexAlt, byte[] sealedIdentity,
            Instant createdAt, UUID createdBy, boolean simulated) {
        this.id = id;
        this.documentNumberIndex = documentNumberIndex;
        this.nameIndex = nameIndex;
        this.nameIndexAlt = nameIndexAlt;
        this.sealedIdentity = sealedIdentity.clone();
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.updatedAt = createdAt;
        this.simulated = simulated;
    }

    public UUID id() {
        return id;
    }

    byte[] sealedIdentity() {
        return sealedIdentity.clone();
    }

    String documentNumberIndex() {
        return documentNumberIndex;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean simulated() {
        return simulated;
    }

    /** A newer document of the same person (a renewed card): the identity follows it. */
    void updateIdentity(String nameIndex, String nameIndexAlt, byte[] sealedIdentity, Instant now, boolean simulated) {
        this.nameIndex = nameIndex;
        this.nameIndexAlt = nameIndexAlt;
        this.sealedIdentity = sealedIdentity.clone();
        this.updatedAt = now;
        this.simulated = this.simulated || simulated;
    }
}

package com.payband.console.customer;

import com.payband.drivers.idcard.DocumentType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A document read that verified a customer: kept, sealed, as the evidence of who was verified, when,
 * by whom and on which reader. The portrait is sealed separately (it is large and rarely opened).
 */
@Entity
@Table(name = "identity_document")
public class IdentityDocument {

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "document_type", nullable = false, length = 32)
    private DocumentType documentType;

    @Column(name = "document_number_index", nullable = false, length = 64)
    private String documentNumberIndex;

    @Column(name = "content", nullable = false, length = 65536)
    private byte[] sealedContent;

    @Column(name = "portrait", length = 1048576)
    private byte[] sealedPortrait;

    @Column(name = "read_at", nullable = false)
    private Instant readAt;

    @Column(name = "read_by", nullable = false)
    private UUID readBy;

    @Column(name = "reader_id", nullable = false, length = 128)
    private String readerId;

    @Column(name = "simulated", nullable = false)
    private boolean simulated;

    protected IdentityDocument() {
        // for Hibernate
    }

    IdentityDocument(UUID id, UUID customerId, DocumentType documentType, String documentNumberIndex,
            byte[] sealedContent, byte[] sealedPortrait, Instant readAt, UUID readBy, String readerId, boolean simulated) {
        this.id = id;
        this.customerId = customerId;
        this.documentType = documentType;
        this.documentNumberIndex = documentNumberIndex;
        this.sealedContent = sealedContent.clone();
        this.sealedPortrait = sealedPortrait == null ? null : sealedPortrait.clone();
        this.readAt = readAt;
        this.readBy = readBy;
        this.readerId = readerId;
        this.simulated = simulated;
    }

    public UUID id() {
        return id;
    }

    public UUID customerId() {
        return customerId;
    }

    public DocumentType documentType() {
        return documentType;
    }

    public Instant readAt() {
        return readAt;
    }

    public String readerId() {
        return readerId;
    }

    public boolean simulated() {
        return simulated;
    }

    byte[] sealedContent() {
        return sealedContent.clone();
    }
}

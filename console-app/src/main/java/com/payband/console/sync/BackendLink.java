package com.payband.console.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The store's registration at its backend (one row). The private key is sealed with the store's key. */
@Entity
@Table(name = "backend_link")
public class BackendLink {

    static final int ID = 1;

    @Id
    @Column(name = "id")
    private Integer id;

    @Column(name = "url", nullable = false, length = 500)
    private String url;

    @Column(name = "console_id", nullable = false, length = 36)
    private String consoleId;

    @Column(name = "console_name", nullable = false, length = 100)
    private String consoleName;

    @Column(name = "ca_pem", nullable = false, length = 8192)
    private String caPem;

    @Column(name = "certificate_pem", nullable = false, length = 8192)
    private String certificatePem;

    @Column(name = "private_key", nullable = false, length = 1024)
    private byte[] sealedPrivateKey;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "registered_by", nullable = false, length = 64)
    private String registeredBy;

    protected BackendLink() {
    }

    BackendLink(String url, String consoleId, String consoleName, String caPem, String certificatePem,
            byte[] sealedPrivateKey, Instant notAfter, Instant registeredAt, String registeredBy) {
        this.id = ID;
        set(url, consoleId, consoleName, caPem, certificatePem, sealedPrivateKey, notAfter, registeredAt, registeredBy);
    }

    void set(String url, String consoleId, String consoleName, String caPem, String certificatePem,
            byte[] sealedPrivateKey, Instant notAfter, Instant registeredAt, String registeredBy) {
        this.url = url;
        this.consoleId = consoleId;
        this.consoleName = consoleName;
        this.caPem = caPem;
        this.certificatePem = certificatePem;
        this.sealedPrivateKey = sealedPrivateKey.clone();
        this.notAfter = notAfter;
        this.registeredAt = registeredAt;
        this.registeredBy = registeredBy;
    }

    /** The same backend at another address (the demo backend on another port). */
    void moved(String url) {
        this.url = url;
    }

    /** A renewed certificate for a new key (sealed as at registration). */
    void renewed(String certificatePem, byte[] sealedPrivateKey, Instant notAfter) {
        this.certificatePem = certificatePem;
        this.sealedPrivateKey = sealedPrivateKey.clone();
        this.notAfter = notAfter;
    }

    public String url() {
        return url;
    }

    public String consoleId() {
        return consoleId;
    }

    public String consoleName() {
        return consoleName;
    }

    String caPem() {
        return caPem;
    }

    String certificatePem() {
        return certificatePem;
    }

    byte[] sealedPrivateKey() {
        return sealedPrivateKey.clone();
    }

    public Instant notAfter() {
        return notAfter;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public String registeredBy() {
        return registeredBy;
    }
}

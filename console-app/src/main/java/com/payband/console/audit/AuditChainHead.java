package com.payband.console.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The last sequence number and MAC of the chain, in a single row that each append locks: appends
 * from concurrent transactions are serialised by the database, and a rolled-back append leaves no gap.
 */
@Entity
@Table(name = "audit_chain_head")
public class AuditChainHead {

    static final int ID = 1;

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "last_mac", nullable = false, length = 64)
    private String lastMac;

    protected AuditChainHead() {
        // for Hibernate
    }

    AuditChainHead(String genesisMac) {
        this.id = ID;
        this.lastSeq = 0;
        this.lastMac = genesisMac;
    }

    long lastSeq() {
        return lastSeq;
    }

    String lastMac() {
        return lastMac;
    }

    void advance(long seq, String mac) {
        this.lastSeq = seq;
        this.lastMac = mac;
    }
}

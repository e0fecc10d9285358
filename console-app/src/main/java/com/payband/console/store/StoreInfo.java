package com.payband.console.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The store's identity, recorded at creation: the key file must carry the same id. */
@Entity
@Table(name = "store_info")
public class StoreInfo {

    static final int ID = 1;

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "store_id", nullable = false, length = 36)
    private String storeId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StoreInfo() {
        // for Hibernate
    }

    public StoreInfo(String storeId, Instant createdAt) {
        this.id = ID;
        this.storeId = storeId;
        this.createdAt = createdAt;
    }

    public static StoreInfo find(org.hibernate.Session session) {
        return session.find(StoreInfo.class, ID);
    }

    public String storeId() {
        return storeId;
    }

    public Instant createdAt() {
        return createdAt;
    }
}

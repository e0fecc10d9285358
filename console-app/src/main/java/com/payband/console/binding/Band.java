package com.payband.console.binding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;

/**
 * A physical band, known by its serial and the public key its manufacturer attested. Its BLE address
 * is only where it was last seen: it changes on every factory reset.
 */
@Entity
@Table(name = "band")
public class Band {

    @Id
    @Column(name = "serial", length = 32)
    private String serial;

    @Column(name = "public_key", nullable = false, length = 256)
    private byte[] publicKey;

    @Column(name = "last_ble_address", length = 17)
    private String lastBleAddress;

    @Column(name = "first_seen_at", nullable = false)
    private Instant firstSeenAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "simulated", nullable = false)
    private boolean simulated;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Band() {
        // for Hibernate
    }

    public Band(String serial, byte[] publicKey, String bleAddress, Instant seenAt, boolean simulated) {
        this.serial = serial;
        this.publicKey = publicKey.clone();
        this.lastBleAddress = bleAddress;
        this.firstSeenAt = seenAt;
        this.lastSeenAt = seenAt;
        this.simulated = simulated;
    }

    public String serial() {
        return serial;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public Optional<String> lastBleAddress() {
        return Optional.ofNullable(lastBleAddress);
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public boolean simulated() {
        return simulated;
    }

    public void seen(String bleAddress, Instant at) {
        this.lastBleAddress = bleAddress;
        this.lastSeenAt = at;
    }
}

package com.payband.console.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stored setting. */
@Entity
@Table(name = "console_setting")
public class ConsoleSetting {

    @Id
    @Column(name = "name", length = 64)
    private String name;

    @Column(name = "setting_value", nullable = false, length = 1024)
    private String value;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ConsoleSetting() {
        // for Hibernate
    }

    ConsoleSetting(String name, String value, Instant updatedAt) {
        this.name = name;
        this.value = value;
        this.updatedAt = updatedAt;
    }

    String value() {
        return value;
    }

    void set(String value, Instant at) {
        this.value = value;
        this.updatedAt = at;
    }
}

package com.payband.console.staff;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A member of staff who signs in to the console. The user name is a staff handle chosen by the
 * administrator; staff accounts hold no customer data.
 */
@Entity
@Table(name = "staff_account")
public class StaffAccount {

    /** Consecutive failed sign-ins after which the account locks. */
    public static final int MAX_FAILED_SIGN_INS = 5;
    public static final Duration LOCK_OUT = Duration.ofMinutes(15);

    @Id
    private UUID id;

    @Column(name = "username", nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 255)
    private String passwordHash;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "staff_role", joinColumns = @JoinColumn(name = "staff_id"))
    @Column(name = "role", nullable = false, length = 32)
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    private Set<Role> roles = EnumSet.noneOf(Role.class);

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "failed_sign_ins", nullable = false)
    private int failedSignIns;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_sign_in_at")
    private Instant lastSignInAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected StaffAccount() {
        // for Hibernate
    }

    public StaffAccount(UUID id, String username, String passwordHash, Set<Role> roles, Instant createdAt,
            boolean mustChangePassword) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a staff account needs at least one role");
        }
        this.id = id;
        this.username = username;
        this.passwordHash = passwordHash;
        this.roles = EnumSet.copyOf(roles);
        this.enabled = true;
        this.createdAt = createdAt;
        this.mustChangePassword = mustChangePassword;
    }

    public UUID id() {
        return id;
    }

    public String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    public Set<Role> roles() {
        return Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean mustChangePassword() {
        return mustChangePassword;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> lastSignInAt() {
        return Optional.ofNullable(lastSignInAt);
    }

    public Optional<Instant> lockedUntil(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now) ? Optional.of(lockedUntil) : Optional.empty();
    }

    public int failedSignIns() {
        return failedSignIns;
    }

    /** @return true when this failure locked the account */
    boolean recordFailedSignIn(Instant now) {
        failedSignIns++;
        if (failedSignIns >= MAX_FAILED_SIGN_INS) {
            lockedUntil = now.plus(LOCK_OUT);
            failedSignIns = 0;
            return true;
        }
        return false;
    }

    void recordSignIn(Instant now) {
        failedSignIns = 0;
        lockedUntil = null;
        lastSignInAt = now;
    }

    void changePassword(String newHash, boolean mustChangeAtNextSignIn) {
        this.passwordHash = newHash;
        this.mustChangePassword = mustChangeAtNextSignIn;
        this.failedSignIns = 0;
        this.lockedUntil = null;
    }

    void setRoles(Set<Role> newRoles) {
        if (newRoles.isEmpty()) {
            throw new IllegalArgumentException("a staff account needs at least one role");
        }
        roles.clear();
        roles.addAll(newRoles);
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    void unlock() {
        failedSignIns = 0;
        lockedUntil = null;
    }
}

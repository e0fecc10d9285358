package com.payband.console.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One line of the audit trail. Immutable once written; never holds personal data. */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @Column(name = "seq")
    private long seq;

    @Column(name = "at", nullable = false)
    private Instant at;

    @Column(name = "actor_id")
    private UUID actorId;

    @Column(name = "actor_name", nullable = false, length = 64)
    private String actorName;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "action", nullable = false, length = 48)
    private AuditAction action;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "outcome", nullable = false, length = 16)
    private Outcome outcome;

    @Column(name = "target_type", length = 32)
    private String targetType;

    @Column(name = "target_id", length = 64)
    private String targetId;

    @Column(name = "reason", length = 48)
    private String reason;

    @Column(name = "detail", length = 1000)
    private String detail;

    @Column(name = "prev_mac", nullable = false, length = 64)
    private String prevMac;

    @Column(name = "mac", nullable = false, length = 64)
    private String mac;

    protected AuditEvent() {
        // for Hibernate
    }

    AuditEvent(long seq, Instant at, Actor actor, AuditAction action, Outcome outcome, Target target,
            String reason, String detail, String prevMac) {
        this.seq = seq;
        this.at = at;
        this.actorId = actor.staffId();
        this.actorName = actor.name();
        this.action = action;
        this.outcome = outcome;
        this.targetType = target == null ? null : target.type();
        this.targetId = target == null ? null : target.id();
        this.reason = reason;
        this.detail = detail;
        this.prevMac = prevMac;
    }

    /** The bytes the MAC covers: every field, unambiguously separated. */
    byte[] canonicalBytes() {
        String s = String.join("\u001f",
                Long.toString(seq),
                Long.toString(at.getEpochSecond()) + "." + at.getNano(),
                actorId == null ? "" : actorId.toString(),
                actorName,
                action.name(),
                outcome.name(),
                nullToEmpty(targetType),
                nullToEmpty(targetId),
                nullToEmpty(reason),
                nullToEmpty(detail),
                prevMac);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "\u0000" : s;
    }

    void seal(String mac) {
        this.mac = mac;
    }

    public long seq() {
        return seq;
    }

    public Instant at() {
        return at;
    }

    public Optional<UUID> actorId() {
        return Optional.ofNullable(actorId);
    }

    public String actorName() {
        return actorName;
    }

    public AuditAction action() {
        return action;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Optional<String> targetType() {
        return Optional.ofNullable(targetType);
    }

    public Optional<String> targetId() {
        return Optional.ofNullable(targetId);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    public String prevMac() {
        return prevMac;
    }

    public String mac() {
        return mac;
    }
}

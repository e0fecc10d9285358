package com.payband.console.binding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import com.payband.console.customer.OwnerVerification;
import com.payband.band.protocol.PhoneFingerprint;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One band bound to one customer. State changes only through {@link #apply}, which follows
 * {@link BindingLifecycle#TABLE}. While a binding is live (not terminal) its band's serial is in
 * {@code live_band_serial}, whose unique constraint lets the database itself refuse a second live
 * binding of the same band; a terminal binding releases the band for a new one.
 */
@Entity
@Table(name = "binding")
public class Binding {

    @Id
    private UUID id;

    @Column(name = "band_serial", nullable = false, length = 32)
    private String bandSerial;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "state", nullable = false, length = 16)
    private BindingState state;

    @Column(name = "live_band_serial", unique = true, length = 32)
    private String liveBandSerial;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private UUID createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "simulated", nullable = false)
    private boolean simulated;

    /** The band's signed bind acknowledgement with what it covers (see BindProof); null until confirmed. */
    @Column(name = "bind_proof", length = 2048)
    private byte[] bindProof;

    /** SHA-256 of the owner's phone key (hex) that the band links with this binding; null before protocol 2. */
    @Column(name = "phone_fingerprint", length = 64)
    private String phoneFingerprint;

    /** Bound while the customer was away (from the enrollment queue): no payment was seen yet. */
    @Column(name = "payment_check_due", nullable = false)
    private boolean paymentCheckDue;

    /** The backend's id for this console when the binding was made: only that backend's issuer knows it. */
    @Column(name = "issued_under", length = 36)
    private String issuedUnder;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Binding() {
        // for Hibernate
    }

    private Binding(UUID id, String bandSerial, UUID customerId, UUID createdBy, Instant now, boolean simulated,
            String phoneFingerprint) {
        this.phoneFingerprint = phoneFingerprint;
        this.id = Objects.requireNonNull(id);
        this.bandSerial = Objects.requireNonNull(bandSerial);
        this.customerId = Objects.requireNonNull(customerId);
        this.state = BindingState.PENDING;
        this.liveBandSerial = bandSerial;
        this.createdAt = now;
        this.createdBy = createdBy;
        this.updatedAt = now;
        this.simulated = simulated;
    }

    /** A new binding starts PENDING; the returned transition is its first history entry. */
    public static Started start(UUID id, String bandSerial, UUID customerId, UUID staffId, Instant now, boolean simulated,
            PhoneFingerprint phone) {
        Binding binding = new Binding(id, bandSerial, customerId, staffId, now, simulated, phone == null ? null : phone.hex());
        return new Started(binding, new BindingTransition(id, null, BindingState.PENDING, null, staffId, now));
    }

    public record Started(Binding binding, BindingTransition transition) {
    }

    /**
     * Moves the binding as the lifecycle table says, or refuses.
     *
     * @param verification required for the transitions that need the owner re-verified (FOUND)
     */
    public BindingTransition apply(ReasonCode reason, UUID staffId, Instant now, Optional<OwnerVerification> verification)
            throws IllegalTransitionException {
        BindingLifecycle.Transition t = BindingLifecycle.find(state, reason)
                .orElseThrow(() -> new IllegalTransitionException(state, reason, "not in the lifecycle table"));
        if (t.requiresOwnerVerification()) {
            OwnerVerification v = verification.orElseThrow(
                    () -> new IllegalTransitionException(state, reason, "the owner must be re-verified"));
            if (!v.customerId().equals(customerId)) {
                throw new IllegalTransitionException(state, reason, "the verified person is not the owner");
            }
        }
        BindingState from = state;
        state = t.to();
        updatedAt = now;
        if (state.terminal()) {
            liveBandSerial = null;
        }
        return new BindingTransition(id, from, state, reason, staffId, now);
    }

    public UUID id() {
        return id;
    }

    public String bandSerial() {
        return bandSerial;
    }

    public UUID customerId() {
        return customerId;
    }

    public BindingState state() {
        return state;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public UUID createdBy() {
        return createdBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean simulated() {
        return simulated;
    }

    /** The registration (the backend's id for this console) the binding was made under; null for none. */
    public String issuedUnder() {
        return issuedUnder;
    }

    /** Records the registration (the backend's id for this console) whose issuer the binding is made with. */
    public void issueUnder(String registration) {
        this.issuedUnder = registration;
    }

    /**
     * Made under another registration than {@code current} (the console moved to another backend since, or was not
     * registered then): the current backend's issuer does not know this binding. False when unregistered now.
     */
    public boolean issuedElsewhere(String current) {
        return current != null && !current.equals(issuedUnder);
    }

    /** Keeps the band's proof that it holds this binding (its signed acknowledgement). */
    public void keepProof(byte[] proof) {
        this.bindProof = proof.clone();
    }

    public java.util.Optional<byte[]> bindProof() {
        return java.util.Optional.ofNullable(bindProof).map(byte[]::clone);
    }

    /**
     * The owner changed phones: the band now obeys this one (linked with the issuer's signature, the owner re-verified),
     * or none (null: the old one unlinked, the new one not yet linked). Only a live binding's phone changes.
     */
    public void phoneReplaced(PhoneFingerprint phone, Instant now) {
        if (!live()) {
            throw new IllegalStateException("binding " + id + " is " + state + ": its phone no longer changes");
        }
        phoneFingerprint = phone == null ? null : phone.hex();
        updatedAt = now;
    }

    /** The owner's phone the band is to be (and, once ACTIVE, is) linked to. */
    public Optional<PhoneFingerprint> phoneFingerprint() {
        return Optional.ofNullable(phoneFingerprint).map(PhoneFingerprint::new);
    }

    public boolean live() {
        return !state.terminal();
    }

    /** Whether this binding was made with nobody there to see it pay, and no payment code was accepted for it since. */
    public boolean paymentCheckDue() {
        return paymentCheckDue;
    }

    /** Made from the queue after the customer left (true), or a payment code of the customer's phone accepted (false). */
    public void paymentCheckDue(boolean due) {
        paymentCheckDue = due;
    }
}

package com.payband.console.issuer;

import com.payband.console.binding.BindingState;
import com.payband.band.BandSerial;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.sync.api.AuthorisationReason;
import java.util.Optional;
import java.util.UUID;

/** The issuer as the console sees it (see the package description). Implementations are thread-safe. */
public interface Issuer {

    /**
     * Whether there is an issuer to ask at all: false on a console registered with no backend, where nothing can be
     * signed, so that a bind is refused before anything is recorded or asked of the band.
     */
    default boolean available() {
        return true;
    }

    /** The root public key (65-byte P-256 point) bands pin at manufacture. */
    byte[] rootPublicKey();

    /**
     * A new binding of this band, known to the issuer as PENDING: the signed credential, with the owner's
     * phone key in it, and a fresh payment secret sealed to the band's attested key.
     *
     * @param customerId    only ever used inside an HMAC under the issuer's own key (the identity reference)
     * @param phone         the customer's phone key, which the band will link and obey
     * @param staff         the member of staff enrolling (the issuer records who asked)
     * @param simulatedBand the band is a simulator's
     */
    BindRequest prepareBinding(UUID bindingId, BandSerial serial, byte[] devicePublicKey, UUID customerId, PhoneKey phone,
            String staff, boolean simulatedBand) throws IssuerException;

    /**
     * The issuer's permission for one command of one band, for one binding it knows, against the challenge the
     * band just gave; used once.
     *
     * @param payload what the command carries after the authorisation (its hash is signed)
     * @param reason  why (the issuer's policy allows each command for some reasons only)
     * @param staff   the member of staff asking
     */
    default Authorisation authorise(Command action, BandSerial serial, UUID bindingId, byte[] challenge, byte[] payload,
            AuthorisationReason reason, String staff) throws IssuerException {
        return authorise(action, serial, bindingId, challenge, payload, reason, staff, null);
    }

    /**
     * As {@link #authorise(Command, BandSerial, UUID, byte[], byte[], AuthorisationReason, String)}, with the owner's
     * evidence (see {@code customer.OwnerEvidence}) of a document read again now: the reset of a band deactivated as
     * stolen or fraudulent needs it (or an administrator's approval).
     *
     * @param ownerEvidence null when no owner was re-verified
     */
    default Authorisation authorise(Command action, BandSerial serial, UUID bindingId, byte[] challenge, byte[] payload,
            AuthorisationReason reason, String staff, byte[] ownerEvidence) throws IssuerException {
        return authorise(action, serial, bindingId, challenge, payload, reason, staff, ownerEvidence, null);
    }

    /**
     * As above, for a reset after theft that an administrator approved at this console instead of the owner coming.
     *
     * @param approvedBy the administrator who signed in here to approve it (never {@code staff}), or null
     */
    Authorisation authorise(Command action, BandSerial serial, UUID bindingId, byte[] challenge, byte[] payload,
            AuthorisationReason reason, String staff, byte[] ownerEvidence, String approvedBy) throws IssuerException;

    /**
     * What the issuer knows of a band: every store's bindings of it, newest first, and whether it is listed as stolen
     * (no customer data). Empty while this console is registered with no backend.
     */
    default Optional<com.payband.sync.api.IssuerBand> band(BandSerial serial) throws IssuerException {
        return Optional.empty();
    }

    /**
     * Bands of an imported list of stolen bands onto the issuer's revocation list (each once), so that every store
     * refuses them after its next sync; empty while this console is registered with no backend.
     */
    default Optional<com.payband.sync.api.ImportedRevocations.Result> importRevocations(String list,
            java.util.List<com.payband.sync.api.ImportedRevocations.Band> bands) throws IssuerException {
        return Optional.empty();
    }

    /**
     * The owner of a band enrolled at another store reports it stolen here: the issuer, once the evidence of the
     * document read at this desk matches the owner it recorded, deactivates that binding and lists the band for every
     * store. Empty while this console is registered with no backend.
     *
     * @param reportId      the same for a report tried again (the issuer answers it as the first)
     * @param ownerEvidence see {@code customer.OwnerEvidence}
     */
    default Optional<com.payband.sync.api.BandReport.Result> reportStolen(BandSerial serial, UUID reportId,
            byte[] ownerEvidence, String staff) throws IssuerException {
        return Optional.empty();
    }

    /** A binding's state changes as the issuer recorded them from every store; empty as {@link #band}. */
    default Optional<com.payband.sync.api.IssuerBindingHistory> history(UUID bindingId) throws IssuerException {
        return Optional.empty();
    }

    /**
     * Whether this issuer holds the binding as prepared by this console under its current registration (whatever the
     * binding's own stamp says: a bind in flight while the registration was replaced is the new backend's).
     */
    default boolean preparedByThisConsole(UUID bindingId) throws IssuerException {
        return false;
    }

    /** The issuer's view of a binding, for reconciliation after a crash. */
    Optional<BindingState> bindingState(UUID bindingId) throws IssuerException;

    /**
     * Whether this issuer's record decides a binding made under that registration (the backend's id for this console
     * then, null for none): it prepared it. Not so for a binding made under an earlier registration, with another
     * backend, or before the console registered at all (an earlier version's simulated issuer): only its band can
     * say what became of it, and this issuer's "never prepared" must not roll it back.
     */
    default boolean recordDecides(String issuedUnder) {
        return true;
    }

    /** Checks a payment code: authentic, fresh, not seen before, and its binding ACTIVE. */
    PaymentVerdict verifyPayment(PaymentCode code) throws IssuerException;
}

package com.payband.console.issuer;

import com.payband.console.binding.BindingState;
import com.payband.drivers.band.BandSerial;
import com.payband.drivers.band.protocol.Authorisation;
import com.payband.drivers.band.protocol.BindRequest;
import com.payband.drivers.band.protocol.Command;
import com.payband.drivers.band.protocol.PaymentCode;
import com.payband.drivers.band.protocol.PhoneKey;
import java.util.Optional;
import java.util.UUID;

/** The issuer as the console sees it (see the package description). Implementations are thread-safe. */
public interface Issuer {

    /** A simulator's bindings and events must never reach a real backend. */
    boolean simulated();

    /** The root public key (65-byte P-256 point) bands pin at manufacture. */
    byte[] rootPublicKey();

    /**
     * A new binding of this band, known to the issuer as PENDING: the signed credential, with the owner's
     * phone key in it, and a fresh payment secret sealed to the band's attested key.
     *
     * @param customerId only ever used inside an HMAC under the issuer's own key (the identity reference)
     * @param phone      the customer's phone key, which the band will link and obey
     */
    BindRequest prepareBinding(UUID bindingId, BandSerial serial, byte[] devicePublicKey, UUID customerId, PhoneKey phone)
            throws IssuerException;

    /**
     * The issuer's permission for one state change of one band, against the challenge the band just gave.
     *
     * @param payload what the command carries after the authorisation (its hash is signed)
     */
    Authorisation authorise(Command action, BandSerial serial, byte[] challenge, byte[] payload) throws IssuerException;

    /** Tells the issuer where a binding is now; payment codes are accepted for ACTIVE bindings only. */
    void bindingStateChanged(UUID bindingId, BindingState state) throws IssuerException;

    /** The issuer's view of a binding, for reconciliation after a crash. */
    Optional<BindingState> bindingState(UUID bindingId) throws IssuerException;

    /** Checks a payment code: authentic, fresh, not seen before, and its binding ACTIVE. */
    PaymentVerdict verifyPayment(PaymentCode code) throws IssuerException;
}

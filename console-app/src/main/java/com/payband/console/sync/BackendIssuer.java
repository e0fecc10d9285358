package com.payband.console.sync;

import com.payband.console.binding.BindingState;
import com.payband.console.issuer.Issuer;
import com.payband.console.issuer.IssuerException;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.band.BandSerial;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.ProtocolException;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.AuthorisationReason;
import com.payband.sync.api.AuthorisationRequest;
import com.payband.sync.api.BindingPreparation;
import com.payband.sync.api.IssuedAuthorisation;
import com.payband.sync.api.IssuerBinding;
import com.payband.sync.api.IssuerRoot;
import com.payband.sync.api.PaymentCheck;
import com.payband.sync.api.PaymentCheckResult;
import com.payband.sync.api.PreparedBinding;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer as the console reaches it: the backend's, over mutual TLS, once this console is registered (the
 * console holds no issuer key or payment secret); until it is, there is none and nothing is signed. Binding
 * states reach the backend's issuer through the outbox, exactly once: before it prepares a binding or checks a
 * payment the outbox is pushed, so that it decides on what this console knows.
 */
public final class BackendIssuer implements Issuer {

    private static final Logger LOG = LoggerFactory.getLogger(BackendIssuer.class);

    private final BackendRegistration registration;
    private final SyncService sync;
    private final Consumer<byte[]> rootSeen;
    private final OwnerEvidenceSource ownerEvidence;
    private volatile byte[] pinned;

    /**
     * @param rootSeen     told the backend issuer's root key when it is first learnt (the simulator's factory flashes
     *                     its new bands with it)
     * @param ownerEvidence the owner evidence of a customer, derived from their document
     */
    public BackendIssuer(BackendRegistration registration, SyncService sync, Consumer<byte[]> rootSeen, OwnerEvidenceSource ownerEvidence) {
        this.ownerEvidence = ownerEvidence;
        this.registration = registration;
        this.sync = sync;
        this.rootSeen = rootSeen;
    }

    private boolean registered() {
        return registration.available();
    }

    /** Before the band is asked anything: the backend's root, so that the simulator's new bands pin it. */
    public void learnRoot() throws IssuerException {
        if (registered()) {
            pinned = null; // registered anew, perhaps with another backend: the old root is trusted no more
            rootPublicKey(true);
        }
    }

    /** False while this console is registered with no backend: then there is no issuer, and nothing is signed. */
    @Override
    public boolean available() {
        return registered();
    }

    /** Before anything is asked of an issuer that is not there (see {@link #available()}). */
    private void requireRegistered() throws IssuerException {
        if (!registered()) {
            throw IssuerException.noBackend();
        }
    }

    @Override
    public byte[] rootPublicKey() {
        if (!registered()) {
            throw new IllegalStateException("this console is not registered with a backend: no issuer root to trust");
        }
        try {
            return rootPublicKey(false);
        } catch (IssuerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private byte[] rootPublicKey(boolean refresh) throws IssuerException {
        byte[] known = pinned;
        if (known != null && !refresh) {
            return known.clone();
        }
        IssuerRoot root = call(() -> registration.client().get(ApiPaths.ISSUER_ROOT, IssuerRoot.class));
        byte[] key = Base64.getDecoder().decode(root.publicKey());
        byte[] now = pinned; // a first call may have registered, and pinned, on the way
        if (now == null || !java.util.Arrays.equals(now, key)) {
            pinned = key;
            rootSeen.accept(key.clone());
        }
        return key.clone();
    }

    @Override
    public BindRequest prepareBinding(UUID bindingId, BandSerial serial, byte[] devicePublicKey, UUID customerId,
            PhoneKey phone, String staff, boolean simulatedBand) throws IssuerException {
        requireRegistered();
        if (pinned == null) {
            rootPublicKey(true); // first binding since start: the simulator's bands learn which root to trust
        }
        flush();
        byte[] evidence = ownerEvidence.of(customerId);
        PreparedBinding prepared = call(() -> registration.client().post(ApiPaths.ISSUER_BINDINGS,
                new BindingPreparation(bindingId.toString(), serial.value(), b64(devicePublicKey),
                        b64(evidence), b64(phone.encoded()), staff, simulatedBand),
                PreparedBinding.class));
        try {
            return BindRequest.decode(Base64.getDecoder().decode(prepared.bindRequest()));
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new IssuerException("the issuer's binding cannot be read: " + e.getMessage(), e);
        }
    }

    /** What identifies the owner to the issuer (it keeps only a MAC of it): see {@code customer.OwnerEvidence}. */
    public interface OwnerEvidenceSource {
        byte[] of(UUID customerId) throws IssuerException;
    }

    @Override
    public Authorisation authorise(Command action, BandSerial serial, UUID bindingId, byte[] challenge, byte[] payload,
            AuthorisationReason reason, String staff, byte[] ownerEvidence, String approvedBy) throws IssuerException {
        requireRegistered();
        if (reason == AuthorisationReason.BAND_RECOVERED || reason == AuthorisationReason.PHONE_REPLACED) {
            flush(); // the issuer decides these on the binding's state: this console's last changes first
        }
        IssuedAuthorisation issued = call(() -> registration.client().post(ApiPaths.ISSUER_AUTHORISATIONS,
                new AuthorisationRequest(action.name(), serial.value(), bindingId.toString(), b64(challenge),
                        b64(payload), reason, staff, ownerEvidence == null ? null : b64(ownerEvidence), approvedBy),
                IssuedAuthorisation.class));
        try {
            return Authorisation.decode(Base64.getDecoder().decode(issued.authorisation()));
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new IssuerException("the issuer's authorisation cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean preparedByThisConsole(UUID bindingId) throws IssuerException {
        if (!registered()) {
            return false;
        }
        try {
            BackendClient client = registration.client(); // first: in simulator mode it registers with the demo backend
            Optional<String> consoleId = registration.link().map(BackendLink::consoleId);
            return consoleId.isPresent() && client.preparedBy(bindingId, consoleId.get());
        } catch (BackendException e) {
            throw issuerException(e);
        }
    }

    @Override
    public Optional<BindingState> bindingState(UUID bindingId) throws IssuerException {
        requireRegistered();
        try {
            IssuerBinding b = registration.client().get(ApiPaths.ISSUER_BINDINGS + "/" + bindingId, IssuerBinding.class);
            return Optional.of(BindingState.valueOf(b.state()));
        } catch (BackendException e) {
            if (e.apiError().orElse(null) == ApiErrorCode.UNKNOWN_BINDING) {
                return Optional.empty();
            }
            throw issuerException(e);
        }
    }

    @Override
    public Optional<com.payband.sync.api.ImportedRevocations.Result> importRevocations(String list,
            java.util.List<com.payband.sync.api.ImportedRevocations.Band> bands) throws IssuerException {
        if (!registered()) {
            return Optional.empty(); // no list to put them on: said to the agent as such
        }
        int added = 0;
        int listed = 0;
        try {
            for (int i = 0; i < bands.size(); i += ApiPaths.MAX_IMPORTED_PER_REQUEST) {
                var part = bands.subList(i, Math.min(bands.size(), i + ApiPaths.MAX_IMPORTED_PER_REQUEST));
                var r = registration.client().postIdempotent(ApiPaths.REVOCATIONS_IMPORTED,
                        new com.payband.sync.api.ImportedRevocations(list, part),
                        com.payband.sync.api.ImportedRevocations.Result.class);
                added += r.added();
                listed += r.alreadyListed();
            }
        } catch (BackendException e) {
            throw issuerException(e);
        }
        return Optional.of(new com.payband.sync.api.ImportedRevocations.Result(added, listed));
    }

    @Override
    public Optional<com.payband.sync.api.IssuerBand> band(BandSerial serial) throws IssuerException {
        if (!registered()) {
            return Optional.empty();
        }
        try {
            return Optional.of(registration.client().get(ApiPaths.ISSUER_BANDS + "/" + serial.value(),
                    com.payband.sync.api.IssuerBand.class));
        } catch (BackendException e) {
            throw issuerException(e);
        }
    }

    @Override
    public Optional<com.payband.sync.api.BandReport.Result> reportStolen(BandSerial serial, UUID reportId,
            byte[] ownerEvidence, String staff) throws IssuerException {
        if (!registered()) {
            return Optional.empty();
        }
        try {
            // the report's id is its idempotency key: a resend (here, or the agent's next try) is answered as the first
            return Optional.of(registration.client().postIdempotent(ApiPaths.ISSUER_BANDS + "/" + serial.value()
                    + "/reports", new com.payband.sync.api.BandReport(reportId.toString(), "STOLEN",
                            b64(ownerEvidence), staff), com.payband.sync.api.BandReport.Result.class));
        } catch (BackendException e) {
            throw issuerException(e);
        }
    }

    @Override
    public Optional<com.payband.sync.api.IssuerBindingHistory> history(UUID bindingId) throws IssuerException {
        if (!registered()) {
            return Optional.empty();
        }
        try {
            return Optional.of(registration.client().get(ApiPaths.ISSUER_BINDINGS + "/" + bindingId + "/history",
                    com.payband.sync.api.IssuerBindingHistory.class));
        } catch (BackendException e) {
            if (e.apiError().orElse(null) == ApiErrorCode.UNKNOWN_BINDING) {
                return Optional.empty();
            }
            throw issuerException(e);
        }
    }

    @Override
    public boolean recordDecides(String issuedUnder) {
        return registration.link().map(l -> l.consoleId().equals(issuedUnder)).orElse(false);
    }

    @Override
    public PaymentVerdict verifyPayment(PaymentCode code) throws IssuerException {
        requireRegistered();
        flush();
        PaymentCheckResult result = call(() -> registration.client().post(ApiPaths.ISSUER_PAYMENTS,
                new PaymentCheck(code.text()), PaymentCheckResult.class));
        try {
            return PaymentVerdict.valueOf(result.verdict());
        } catch (IllegalArgumentException e) {
            throw new IssuerException("the issuer answered an unknown verdict: " + result.verdict(), e);
        }
    }

    /** The outbox pushed, so that the issuer decides on every change this console made. */
    private void flush() throws IssuerException {
        try {
            sync.pushOutbox();
        } catch (BackendException e) {
            throw issuerException(e);
        }
    }

    private interface Call<T> {
        T run() throws BackendException;
    }

    private static <T> T call(Call<T> call) throws IssuerException {
        try {
            return call.run();
        } catch (BackendException e) {
            throw issuerException(e);
        }
    }

    private static IssuerException issuerException(BackendException e) {
        ApiErrorCode refusal = e.apiError().orElse(null);
        if (refusal == null) {
            LOG.warn("the backend's issuer could not be reached: {}", e.getMessage());
        }
        return new IssuerException(e.getMessage(), refusal, e);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}

package com.payband.console.sync;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.crypto.FieldCipher;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.ConsoleIdentity;
import com.payband.sync.api.RegistrationCode;
import com.payband.sync.api.RegistrationProof;
import com.payband.sync.api.RegistrationRequest;
import com.payband.sync.api.RegistrationResponse;
import com.payband.sync.api.RenewalRequest;
import com.payband.sync.api.RenewalResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Registers this console with a backend and keeps the link: the console makes its own P-256 key (it never
 * leaves the console; sealed in the store), sends a certificate request with the code's proof, and keeps the
 * backend's client certificate and CA only if the answer proves the backend knows the code. Every later call
 * ({@link #client}) is mutual TLS with that CA pinned. Registering again replaces the link (a new backend, or a
 * revoked console registered anew). Administrators only; audited either way.
 */
public final class BackendRegistration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackendRegistration.class);

    private static final String KEY_CONTEXT = "backend-link/private-key";

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final FieldCipher cipher;
    private final Clock clock;

    private final java.util.List<Runnable> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile DemoBackend demo;
    /** Held while a registration is made and kept: an administrator's, or the simulator's with its demo backend. */
    private final Object registering = new Object();
    private final com.payband.console.outbox.Outbox outbox;

    /** @param outbox the changes this console made: a registration is not replaced while some have not been sent */
    public BackendRegistration(Database database, AuditTrail audit, Authorizer authorizer, FieldCipher cipher,
            Clock clock, com.payband.console.outbox.Outbox outbox) {
        this.outbox = outbox;
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * @param url  the backend's address, https://HOST:PORT
     * @param code the one-time code the backend's administrator made, as typed
     * @param name how this console is shown at the backend (the store's name)
     */
    public BackendLink register(StaffSession admin, String url, String code, String name) throws BackendException {
        return register(admin, url, code, name, false);
    }

    /**
     * As {@link #register(StaffSession, String, String, String)}; a console registered already is registered anew only
     * with {@code replace} (the administrator confirmed it): its bindings stay with the old backend, whose issuer alone
     * signs for their bands.
     */
    public BackendLink register(StaffSession admin, String url, String code, String name, boolean replace)
            throws BackendException {
        return register(admin, url, code, name, replace, false);
    }

    /**
     * As {@link #register(StaffSession, String, String, String, boolean)}; with {@code keepUnsentHere} (the
     * administrator confirmed that the current backend is gone for good) a registration is replaced even while changes
     * wait for the current backend: they are kept in this console only (each push keeps a change of a binding the new
     * issuer does not know here, said as such), and the registration's audit record counts them.
     */
    public BackendLink register(StaffSession admin, String url, String code, String name, boolean replace,
            boolean keepUnsentHere) throws BackendException {
        authorizer.require(admin, Action.REGISTER_BACKEND);
        try {
            BackendLink link;
            // never interleaved with the simulator's own registration (demoLink) nor with a push (the sync holds this
            // lock too): no batch goes to the old backend after the link changed
            synchronized (registering) {
                Optional<BackendLink> current = link();
                if (current.isPresent() && !replace) {
                    throw new BackendException(BackendException.Reason.ALREADY_REGISTERED,
                            "registered with " + current.get().url() + " already; replace it on purpose");
                }
                long unsent = current.isPresent() ? outbox.pendingCount() : 0;
                if (unsent > 0 && !keepUnsentHere) {
                    // they are the current backend's to act on (a stolen report above all): the new one would take
                    // them as news of bindings it does not know, and the old issuer would never hear of them
                    throw new BackendException(BackendException.Reason.CHANGES_NOT_SENT, unsent
                            + " changes made here are not yet at " + current.get().url());
                }
                link = registerChecked(admin.actor(), url, code, name, unsent, id -> { });
                // before anything else may push or bind: the new backend's issuer root, not the old one's
                registered.forEach(Runnable::run);
            }
            return link;
        } catch (BackendException e) {
            // what was typed into the address field is never echoed: it may be the one-time code, pasted there
            audit.record(admin.actor(), AuditAction.BACKEND_REGISTERED, Outcome.FAILED, new Target("backend", shown(url)),
                    e.reason().name(), e.reason() == BackendException.Reason.BAD_URL
                            || e.reason() == BackendException.Reason.BAD_CODE ? null : e.getMessage());
            throw e;
        }
    }

    /** The address as the audit trail keeps it: scheme, host and port of a well-formed one only. */
    private static String shown(String url) {
        try {
            return base(url).toString();
        } catch (BackendException e) {
            return "(not an address)";
        }
    }

    /** The lock a push holds too (see {@link #register(StaffSession, String, String, String, boolean)}). */
    Object changeLock() {
        return registering;
    }

    private interface BeforeKeeping {
        void accept(String consoleId) throws IOException;
    }

    /**
     * @param keptHere      changes that never reached the backend being replaced, kept here by the administrator's choice
     * @param beforeKeeping told the console id the backend gave, before the link is kept (the demo backend notes it
     *                      first, so that a link to it is always recognised as the demo's)
     */
    private BackendLink registerChecked(com.payband.console.audit.Actor registeredBy, String url, String typedCode,
            String name, long keptHere, BeforeKeeping beforeKeeping) throws BackendException {
        long urgentKept = keptHere > 0 ? outbox.urgentPendingCount() : 0;
        URI base = base(url);
        RegistrationCode code;
        try {
            code = RegistrationCode.parse(typedCode);
        } catch (IllegalArgumentException e) {
            throw new BackendException(BackendException.Reason.BAD_CODE, e.getMessage());
        }
        String cleanName = name == null || name.isBlank() ? "PayBand console" : name.strip();
        if (cleanName.length() > 100) {
            cleanName = cleanName.substring(0, 100);
        }
        KeyPair key = newKey();
        String csr = csr(key);
        RegistrationResponse answer = BackendClient.forRegistration(base).post(ApiPaths.REGISTER,
                new RegistrationRequest(code.id(), cleanName, csr, RegistrationProof.request(code.proofKey(), code.id(),
                        cleanName, csr)), RegistrationResponse.class);
        String expected = RegistrationProof.response(code.proofKey(), answer.consoleId(), answer.certificatePem(),
                answer.caCertificatePem());
        if (!RegistrationProof.matches(expected, answer.proof())) {
            throw new BackendException(BackendException.Reason.ANSWER_NOT_PROVEN,
                    "the answer is not proven with the code: it did not come from the backend that made it");
        }
        X509Certificate certificate;
        X509Certificate ca;
        try {
            certificate = certificate(answer.certificatePem());
            ca = certificate(answer.caCertificatePem());
            certificate.verify(ca.getPublicKey());
            if (!certificate.getPublicKey().equals(key.getPublic())) {
                throw new GeneralSecurityException("the certificate is not for this console's key");
            }
        } catch (GeneralSecurityException e) {
            throw new BackendException(BackendException.Reason.REFUSED, null, "the certificate cannot be used: "
                    + e.getMessage(), e);
        }
        try {
            beforeKeeping.accept(answer.consoleId());
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.UNREACHABLE, "cannot note the registration: "
                    + e.getMessage());
        }
        byte[] pkcs8 = key.getPrivate().getEncoded();
        byte[] sealed = cipher.encrypt(pkcs8, KEY_CONTEXT);
        Arrays.fill(pkcs8, (byte) 0);
        Instant now = clock.instant();
        String consoleName = cleanName;
        database.runInTransaction(s -> {
            BackendLink existing = s.find(BackendLink.class, BackendLink.ID);
            // audited in the commit that changes the link: a crash cannot leave one without the other
            audit.append(s, registeredBy, AuditAction.BACKEND_REGISTERED, Outcome.SUCCESS,
                    new Target("backend", answer.consoleId()), null, base
                            + (com.payband.console.audit.Actor.SYSTEM.equals(registeredBy)
                                    ? " (the simulator's demo backend)" : "")
                            + (existing == null ? "" : ", replacing " + existing.url() + " (console "
                                    + existing.consoleId() + ")")
                            + (keptHere > 0 ? "; kept here only, never sent to it: changes " + keptHere + " (lost or"
                                    + " stolen reports " + urgentKept + ")" : ""));
            if (existing == null) {
                s.persist(new BackendLink(base.toString(), answer.consoleId(), consoleName, answer.caCertificatePem(),
                        answer.certificatePem(), sealed, certificate.getNotAfter().toInstant(), now,
                        registeredBy.name()));
            } else {
                if (!existing.consoleId().equals(answer.consoleId())
                        || !existing.caPem().equals(answer.caCertificatePem())) {
                    // another backend (or this one's console anew): its revocation list is another chain, from entry 0
                    SyncState state = s.find(SyncState.class, SyncState.ID);
                    if (state != null) {
                        state.revocationsTaken(0, null, null);
                    }
                }
                existing.set(base.toString(), answer.consoleId(), consoleName, answer.caCertificatePem(),
                        answer.certificatePem(), sealed, certificate.getNotAfter().toInstant(), now,
                        registeredBy.name());
            }
        });
        return link().orElseThrow();
    }

    /** A console renews its certificate this long before it expires (the sync does it by itself). */
    public static final java.time.Duration RENEW_BEFORE = java.time.Duration.ofDays(30);

    /**
     * Renews the console's certificate (a new key, a new certificate from the backend's CA) when it expires within
     * {@link #RENEW_BEFORE}; the system's own step, audited. The old key and certificate stay until the new ones are
     * kept: the backend honours the old certificate until the next renewal, so a crash in between loses nothing.
     *
     * @return whether it renewed
     */
    public boolean renewIfDue() throws BackendException {
        Optional<BackendLink> current = link();
        if (current.isEmpty() || clock.instant().isBefore(current.get().notAfter().minus(RENEW_BEFORE))) {
            return false;
        }
        BackendLink link = current.get();
        KeyPair key = newKey();
        RenewalResponse answer = client().post(ApiPaths.RENEW, new RenewalRequest(csr(key)), RenewalResponse.class);
        X509Certificate certificate;
        try {
            certificate = certificate(answer.certificatePem());
            certificate.verify(certificate(link.caPem()).getPublicKey());
            if (!certificate.getPublicKey().equals(key.getPublic())) {
                throw new GeneralSecurityException("the certificate is not for this console's new key");
            }
        } catch (GeneralSecurityException e) {
            throw new BackendException(BackendException.Reason.REFUSED, null, "the renewed certificate cannot be used: "
                    + e.getMessage(), e);
        }
        byte[] pkcs8 = key.getPrivate().getEncoded();
        byte[] sealed = cipher.encrypt(pkcs8, KEY_CONTEXT);
        Arrays.fill(pkcs8, (byte) 0);
        Instant notAfter = certificate.getNotAfter().toInstant();
        database.runInTransaction(s -> {
            s.find(BackendLink.class, BackendLink.ID).renewed(answer.certificatePem(), sealed, notAfter);
            audit.append(s, com.payband.console.audit.Actor.SYSTEM, AuditAction.BACKEND_CERTIFICATE_RENEWED,
                    Outcome.SUCCESS, new Target("backend", link.consoleId()), null, "valid until " + notAfter);
        });
        return true;
    }

    /** Runs after each successful registration (in the registering thread). */
    public void onRegistered(Runnable action) {
        registered.add(action);
    }

    /** The store's link, if this console is registered. */
    public Optional<BackendLink> link() {
        return Optional.ofNullable(database.inTransaction(s -> s.find(BackendLink.class, BackendLink.ID)));
    }

    /**
     * Whether this console is registered, and the backend's view of it (a mutual-TLS call: reachable, known,
     * not revoked), or why that call failed.
     */
    public Status status(StaffSession staff) {
        authorizer.require(staff, Action.SYNC);
        Optional<BackendLink> link = link();
        if (link.isEmpty()) {
            return new Status(link, Optional.empty(), Optional.empty());
        }
        try {
            return new Status(link, Optional.of(client().get(ApiPaths.ME, ConsoleIdentity.class)), Optional.empty());
        } catch (BackendException e) {
            return new Status(link, Optional.empty(), Optional.of(e));
        }
    }

    /** See {@link #status}: {@code backendView} when the backend answered, {@code error} when not. */
    public record Status(Optional<BackendLink> link, Optional<ConsoleIdentity> backendView,
            Optional<BackendException> error) {
    }

    /**
     * Simulator mode: the demo backend this console runs, registered with by the console itself (as the system,
     * audited) when it is registered with no other, and started whenever the link to it is used.
     */
    public void useDemo(DemoBackend demo) {
        this.demo = demo;
    }

    /** Whether there is a backend to call: a registered one, or the simulator's demo backend. */
    public boolean available() {
        return demo != null || link().isPresent();
    }

    /** Whether this console's backend is (or will be, at first use) the simulator's demo backend. */
    public boolean demo() {
        DemoBackend d = demo;
        return d != null && link().map(d::serves).orElse(true);
    }

    private void demoLink(DemoBackend d) throws BackendException {
        synchronized (registering) {
            Optional<BackendLink> link = link();
            if (link.isPresent() && !d.serves(link.get())) {
                return; // an administrator registered with another backend meanwhile: the demo stays out of it
            }
            if (link.isPresent()) {
                URI at = d.start();
                if (!URI.create(link.get().url()).equals(at)) {
                    // the demo backend's last port was taken: the same backend and CA on another port
                    database.runInTransaction(s -> s.find(BackendLink.class, BackendLink.ID).moved(at.toString()));
                }
                return;
            }
            URI at = d.start();
            try {
                registerChecked(com.payband.console.audit.Actor.SYSTEM, at.toString(), d.registrationCode(),
                        "PayBand console (simulator)", 0, d::registered);
            } catch (BackendException e) {
                audit.record(com.payband.console.audit.Actor.SYSTEM, AuditAction.BACKEND_REGISTERED, Outcome.FAILED,
                        new Target("backend", at.toString()), e.reason().name(), e.getMessage());
                throw e;
            }
            registered.forEach(Runnable::run);
        }
    }

    /** The client made for a link: used again while the link's address, certificate (and so key) and CA are the same. */
    private record LinkedClient(String url, String certificatePem, String caPem, BackendClient client) {
        boolean serves(BackendLink link) {
            return url.equals(link.url()) && certificatePem.equals(link.certificatePem()) && caPem.equals(link.caPem());
        }
    }

    private volatile LinkedClient linkedClient;

    /**
     * The registration a binding begun now is made under: the backend's id for this console, null when unregistered.
     * In simulator mode the demo backend is registered with first (as at the bind's first call to it); if it cannot
     * be, null (the bind then fails at the issuer anyway).
     */
    public String registrationForNewBinding() {
        DemoBackend d = demo;
        if (d != null && link().isEmpty()) {
            try {
                demoLink(d);
            } catch (BackendException e) {
                LOG.warn("the simulator's demo backend could not be registered with: {}", e.getMessage());
            }
        }
        return link().map(BackendLink::consoleId).orElse(null);
    }

    /** The mutual-TLS client of the registered link (the demo backend's started or registered with first). */
    BackendClient client() throws BackendException {
        DemoBackend d = demo;
        if (d != null && link().map(d::serves).orElse(true)) {
            demoLink(d);
        }
        BackendLink link = link().orElseThrow(() -> new BackendException(BackendException.Reason.NOT_REGISTERED,
                "this console is not registered with a backend"));
        LinkedClient reused = linkedClient;
        if (reused != null && reused.serves(link)) {
            return reused.client(); // its connection stays open: no TLS handshake per call
        }
        try {
            byte[] pkcs8 = cipher.decrypt(link.sealedPrivateKey(), KEY_CONTEXT);
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Arrays.fill(pkcs8, (byte) 0);
            BackendClient client = BackendClient.linked(URI.create(link.url()), key, certificate(link.certificatePem()),
                    certificate(link.caPem()));
            linkedClient = new LinkedClient(link.url(), link.certificatePem(), link.caPem(), client);
            return client;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored backend link cannot be used", e);
        }
    }

    private static URI base(String url) throws BackendException {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            throw new BackendException(BackendException.Reason.BAD_URL, "not a URL: " + url);
        }
        if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null || uri.getRawUserInfo() != null) { // no name or password kept in an address
            throw new BackendException(BackendException.Reason.BAD_URL, "not an https:// address: " + url);
        }
        return URI.create("https://" + uri.getRawAuthority() + "/");
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JDK", e);
        }
    }

    private static String csr(KeyPair key) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=PayBand console"), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(request);
            }
            return w.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("making the certificate request failed", e);
        }
    }

    private static X509Certificate certificate(String pem) throws GeneralSecurityException {
        if (pem == null) {
            throw new GeneralSecurityException("no certificate");
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

package com.payband.console.issuer;

import com.payband.console.binding.BindingState;
import com.payband.band.BandSerial;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.Credential;
import com.payband.band.protocol.Crypto;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.ProtocolException;
import com.payband.band.protocol.SealedSecret;
import com.payband.band.protocol.Uuids;
import com.payband.sync.api.AuthorisationReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * An issuer simulator for the console's tests (SIMULATOR: its keys and payment secrets sit in its own folder, in
 * clear, and are worth nothing), standing in while a test's console is registered with no backend; it signs what it
 * is asked (the backend's issuer applies the policy). Its state is kept apart from the console's store, as a real
 * issuer's would be, and survives restarts: a binding prepared before a crash is still known after it. Plugged in
 * through {@code META-INF/services} of the test class path (the product has no stand-in).
 */
public final class SimulatedIssuer implements StandInIssuer {

    /** What {@link StandInIssuer#find} loads. */
    public static final class Provider implements StandInIssuer.Provider {
        @Override
        public StandInIssuer open(Path folder, Clock clock) throws IOException {
            return openOrCreate(folder, clock);
        }
    }

    /** How long an authorisation is valid on the band's clock. */
    static final Duration AUTHORISATION_LIFETIME = Duration.ofMinutes(2);
    /** Payment codes are accepted within this many 30-second steps of the issuer's clock. */
    static final long TIME_STEPS_TOLERATED = 2;

    private final Path file;
    private final Clock clock;
    private final KeyPair root;
    private final byte[] identityKey;
    private final Map<UUID, Entry> bindings = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    private record Entry(byte[] secret, BindingState state, long lastCounter) {
    }

    private SimulatedIssuer(Path file, Clock clock, KeyPair root, byte[] identityKey) {
        this.file = file;
        this.clock = clock;
        this.root = root;
        this.identityKey = identityKey;
    }

    /** The simulated issuer kept in {@code folder}, created on first use. */
    public static SimulatedIssuer openOrCreate(Path folder, Clock clock) throws IOException {
        Path file = folder.resolve("simulated-issuer.properties");
        if (!Files.exists(file)) {
            Files.createDirectories(folder);
            byte[] identityKey = new byte[32];
            new SecureRandom().nextBytes(identityKey);
            SimulatedIssuer issuer = new SimulatedIssuer(file, clock, P256.generate(), identityKey);
            issuer.save();
            return issuer;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        try {
            byte[] publicKey = Base64.getDecoder().decode(p.getProperty("rootPublicKey"));
            PrivateKey privateKey = P256.decodePrivate(Base64.getDecoder().decode(p.getProperty("rootPrivateKey")));
            PublicKey pub = P256.decode(publicKey);
            SimulatedIssuer issuer = new SimulatedIssuer(file, clock, new KeyPair(pub, privateKey),
                    Base64.getDecoder().decode(p.getProperty("identityKey")));
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("binding.")) { // written by versions before the journal
                    issuer.apply(key.substring(8) + "," + p.getProperty(key));
                }
            }
            issuer.replayJournal();
            issuer.save();
            return issuer;
        } catch (GeneralSecurityException | ProtocolException | RuntimeException e) {
            throw new IOException(file.getFileName() + " is damaged", e);
        }
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public byte[] rootPublicKey() {
        return P256.encode(root.getPublic());
    }

    @Override
    public synchronized BindRequest prepareBinding(UUID bindingId, BandSerial serial, byte[] devicePublicKey,
            UUID customerId, PhoneKey phone, String staff, boolean simulatedBand) throws IssuerException {
        try {
            byte[] reference = Crypto.hmacSha256(identityKey, Uuids.bytes(customerId));
            var boundAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Credential credential = new Credential(bindingId, reference, phone, boundAt,
                    P256.sign(root.getPrivate(), Credential.toBeSigned(serial, bindingId, reference, phone, boundAt)));
            byte[] secret = new byte[SealedSecret.SECRET_LENGTH];
            random.nextBytes(secret);
            SealedSecret sealed = SealedSecret.seal(secret, P256.decode(devicePublicKey), serial);
            bindings.put(bindingId, new Entry(secret, BindingState.PENDING, 0));
            record(bindingId);
            return new BindRequest(credential, sealed);
        } catch (ProtocolException | IOException e) {
            throw new IssuerException("cannot prepare the binding", e);
        }
    }

    @Override
    public Authorisation authorise(Command action, BandSerial serial, UUID bindingId, byte[] challenge, byte[] payload,
            AuthorisationReason reason, String staff, byte[] ownerEvidence, String approvedBy) {
        var expires = clock.instant().plus(AUTHORISATION_LIFETIME).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] hash = Crypto.sha256(payload);
        return new Authorisation(action, serial, challenge, expires, hash,
                P256.sign(root.getPrivate(), Authorisation.toBeSigned(action, serial, challenge, expires, hash)));
    }

    @Override
    public synchronized void bindingStateChanged(UUID bindingId, BindingState state) throws IssuerException {
        Entry e = bindings.get(bindingId);
        if (e == null) {
            throw new IssuerException("unknown binding " + bindingId);
        }
        bindings.put(bindingId, new Entry(e.secret(), state, e.lastCounter()));
        try {
            record(bindingId);
        } catch (IOException ex) {
            throw new IssuerException("cannot record the binding's state", ex);
        }
    }

    @Override
    public synchronized Optional<BindingState> bindingState(UUID bindingId) {
        return Optional.ofNullable(bindings.get(bindingId)).map(Entry::state);
    }

    @Override
    public synchronized PaymentVerdict verifyPayment(PaymentCode code) throws IssuerException {
        Entry e = bindings.get(code.bindingId());
        if (e == null) {
            return PaymentVerdict.UNKNOWN_BINDING;
        }
        if (!code.authentic(e.secret())) {
            return PaymentVerdict.FORGED;
        }
        if (Math.abs(code.timeStep() - PaymentCode.timeStep(clock.instant())) > TIME_STEPS_TOLERATED) {
            return PaymentVerdict.STALE;
        }
        if (code.counter() <= e.lastCounter()) {
            return PaymentVerdict.REPLAYED;
        }
        if (e.state() != BindingState.ACTIVE) {
            return PaymentVerdict.BINDING_NOT_ACTIVE;
        }
        bindings.put(code.bindingId(), new Entry(e.secret(), e.state(), code.counter()));
        try {
            record(code.bindingId());
        } catch (IOException ex) {
            throw new IssuerException("cannot record the payment", ex);
        }
        return PaymentVerdict.ACCEPTED;
    }

    /** For the band simulator's sample set: a credential of a binding this issuer made elsewhere, for that owner's phone. */
    @Override
    public synchronized Credential foreignCredential(UUID bindingId, BandSerial serial, byte[] secret, PhoneKey phone)
            throws IssuerException {
        var boundAt = clock.instant().minus(Duration.ofDays(40)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] reference = new byte[32];
        random.nextBytes(reference);
        bindings.put(bindingId, new Entry(secret.clone(), BindingState.ACTIVE, 0));
        try {
            record(bindingId);
        } catch (IOException ex) {
            throw new IssuerException("cannot record the binding", ex);
        }
        return new Credential(bindingId, reference, phone, boundAt,
                P256.sign(root.getPrivate(), Credential.toBeSigned(serial, bindingId, reference, phone, boundAt)));
    }

    /** One binding's state as a journal line: id,secret,state,counter. */
    private static String line(UUID id, Entry e) {
        return id + "," + Base64.getEncoder().encodeToString(e.secret()) + "," + e.state() + "," + e.lastCounter();
    }

    private void apply(String line) {
        String[] v = line.split(",");
        bindings.put(UUID.fromString(v[0]), new Entry(Base64.getDecoder().decode(v[1]), BindingState.valueOf(v[2]),
                Long.parseLong(v[3])));
    }

    private Path journal() {
        return file.resolveSibling("simulated-issuer.journal");
    }

    private void replayJournal() throws IOException {
        if (!Files.exists(journal())) {
            return;
        }
        List<String> lines = Files.readAllLines(journal(), java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < lines.size(); i++) {
            try {
                apply(lines.get(i));
            } catch (RuntimeException torn) {
                if (i < lines.size() - 1) { // only the last line can be torn by a killed process
                    throw torn;
                }
            }
        }
    }

    /** A change is one appended line (a bind costs no rewrite of every binding); opening compacts. */
    private void record(UUID id) throws IOException {
        Files.writeString(journal(), line(id, bindings.get(id)) + "\n", java.nio.charset.StandardCharsets.US_ASCII,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Keys in the properties file, bindings compacted into a fresh journal; both replaced atomically. */
    private void save() throws IOException {
        StringBuilder compacted = new StringBuilder();
        bindings.forEach((id, e) -> compacted.append(line(id, e)).append('\n'));
        Path tmpJournal = journal().resolveSibling(journal().getFileName() + ".tmp");
        Files.writeString(tmpJournal, compacted, java.nio.charset.StandardCharsets.US_ASCII);
        Files.move(tmpJournal, journal(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Properties p = new Properties();
        p.setProperty("rootPublicKey", Base64.getEncoder().encodeToString(P256.encode(root.getPublic())));
        p.setProperty("rootPrivateKey", Base64.getEncoder().encodeToString(root.getPrivate().getEncoded()));
        p.setProperty("identityKey", Base64.getEncoder().encodeToString(identityKey));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "PayBand SIMULATED issuer: test keys, not secret, never used with a real backend");
        // written beside and renamed (a killed process leaves the old or the new state); a simulator need
        // not survive a power cut, so no fsync
        java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out.toByteArray());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

package com.payband.drivers.band.sim;

import com.payband.drivers.band.BandAdvertisement;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.drivers.band.ble.GattUuids;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BandInfo;
import com.payband.band.protocol.BindAcknowledgement;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.Credential;
import com.payband.band.protocol.Crypto;
import com.payband.band.protocol.Fragments;
import com.payband.band.protocol.Hello;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.PhoneProof;
import com.payband.band.protocol.ProtocolException;
import com.payband.band.protocol.Session;
import com.payband.band.protocol.Status;
import com.payband.band.protocol.Uuids;
import java.security.MessageDigest;
import com.payband.band.protocol.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * A band's firmware, simulated: the protocol of band-gatt-profile.md (version 2) from the band's side,
 * with its state in a file so that it survives restarts of the program like flash survives a reboot. It
 * obeys the issuer root key it was made with for every state change, and its linked phone's key for
 * unlocking and releasing the phone link; nothing else.
 */
public final class SimulatedBand {

    static final Duration CHALLENGE_LIFETIME = Duration.ofSeconds(120);
    static final int MINIMUM_BATTERY = 10;
    /** The band protocol its state file was written for; a file of another version is not loaded. */
    static final int PROTOCOL = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the band answers from the radio: indications to send, and whether it then drops the link. */
    public record Reply(List<byte[]> indications, boolean dropLink) {
        static final Reply NOTHING = new Reply(List.of(), false);
        static final Reply DROP = new Reply(List.of(), true);
    }

    private final Path file;
    private final Clock hostClock;
    private final BandSerial serial;
    private final String model;
    private final String firmware;
    private final int hardware;
    private final KeyPair deviceKey;
    private final List<byte[]> chain;
    private PublicKey issuerRoot;

    // persistent state, as in the band's flash
    private BandState state = BandState.FACTORY;
    private Credential credential;
    private byte[] paymentSecret;
    private long paymentCounter;
    /** The one phone the band obeys; set only by an issuer-signed BIND or LINK_PHONE. */
    private PhoneKey linkedPhone;
    /**
     * A firmware flaw kept for demonstrations and tests of the console's own check: PAIR_PHONE fills an
     * empty slot without the issuer, and BIND keeps a phone already there (what protocol 1 allowed).
     */
    private boolean pairsAnyPhone;
    private long clockOffsetSeconds;
    private boolean clockSet;
    private int battery = 80;
    private boolean charging;
    private boolean worn;
    private String address;
    /** A flaky unit: its next BIND is applied, then the link drops before the acknowledgement leaves. */
    private boolean dropsLinkOnNextBind;
    private final List<ErrorLogEntry> errorLog = new ArrayList<>();

    // volatile state, lost with the link or a reboot
    /** Unlocked by the linked phone in the current session, on the wrist since: PAYMENT_CODE answers only then. */
    private boolean unlocked;
    private Session session;
    private Fragments.Assembly assembly = new Fragments.Assembly();
    private byte[] challenge;
    private Instant challengeIssued;
    private int mtu = 23;
    private final Set<BandFault> faults = EnumSet.noneOf(BandFault.class);
    private final Instant bootedAt;

    record ErrorLogEntry(Instant at, int code) {
    }

    private SimulatedBand(Path file, Clock hostClock, BandSerial serial, String model, String firmware, int hardware,
            KeyPair deviceKey, List<byte[]> chain, PublicKey issuerRoot) {
        this.file = file;
        this.hostClock = hostClock;
        this.serial = serial;
        this.model = model;
        this.firmware = firmware;
        this.hardware = hardware;
        this.deviceKey = deviceKey;
        this.chain = List.copyOf(chain);
        this.issuerRoot = issuerRoot;
        this.bootedAt = hostClock.instant();
        this.address = newAddress();
    }

    /** A new band off the production line: device key certified by {@code manufacturer}, issuer root pinned. */
    public static SimulatedBand manufacture(Path folder, BandSerial serial, BandManufacturer manufacturer,
            PublicKey issuerRoot, Clock clock) throws IOException {
        KeyPair key = P256.generate();
        X509Certificate certificate = manufacturer.certify(serial, key.getPublic(), clock.instant());
        List<byte[]> chain;
        try {
            chain = List.of(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        java.nio.file.Files.createDirectories(folder);
        SimulatedBand band = new SimulatedBand(folder.resolve(serial.value() + ".properties"), clock, serial, "PayBand One",
                "1.4.2", 3, key, chain, issuerRoot);
        band.save();
        return band;
    }

    /** The band kept in this file, as it was when the program last stopped. */
    public static SimulatedBand load(Path file, Clock clock) throws IOException {
        Properties p = SimulatorFiles.load(file);
        if (!Integer.toString(PROTOCOL).equals(p.getProperty("protocol"))) {
            throw new IOException(file.getFileName() + " is a band of protocol " + p.getProperty("protocol", "1")
                    + " (made by an older simulator); this simulator plays protocol " + PROTOCOL);
        }
        try {
            PrivateKey privateKey = P256.decodePrivate(b64(p, "devicePrivateKey"));
            List<byte[]> chain = new ArrayList<>();
            for (String c : p.getProperty("chain").split(",")) {
                chain.add(Base64.getDecoder().decode(c));
            }
            PublicKey publicKey = BandManufacturer.certificate(chain.get(0)).getPublicKey();
            SimulatedBand band = new SimulatedBand(file, clock, new BandSerial(p.getProperty("serial")), p.getProperty("model"),
                    p.getProperty("firmware"), Integer.parseInt(p.getProperty("hardware")), new KeyPair(publicKey, privateKey),
                    chain, P256.decode(b64(p, "issuerRoot")));
            band.state = BandState.valueOf(p.getProperty("state"));
            if (p.containsKey("credential")) {
                band.credential = Credential.read(new Wire.Reader(b64(p, "credential")));
                band.paymentSecret = b64(p, "paymentSecret");
            }
            if ((band.state == BandState.BOUND) != (band.credential != null)) {
                throw new IOException(file.getFileName() + " is damaged: state " + band.state
                        + (band.credential == null ? " without a credential" : " with a credential"));
            }
            band.paymentCounter = Long.parseLong(p.getProperty("paymentCounter", "0"));
            band.linkedPhone = p.containsKey("phoneKey") ? PhoneKey.of(b64(p, "phoneKey")) : null;
            band.pairsAnyPhone = Boolean.parseBoolean(p.getProperty("pairsAnyPhone"));
            band.clockOffsetSeconds = Long.parseLong(p.getProperty("clockOffsetSeconds", "0"));
            band.clockSet = Boolean.parseBoolean(p.getProperty("clockSet"));
            band.battery = Integer.parseInt(p.getProperty("battery", "80"));
            band.charging = Boolean.parseBoolean(p.getProperty("charging"));
            band.worn = Boolean.parseBoolean(p.getProperty("worn"));
            band.address = p.getProperty("address", band.address);
            band.dropsLinkOnNextBind = Boolean.parseBoolean(p.getProperty("dropsLinkOnNextBind"));
            return band;
        } catch (GeneralSecurityException | ProtocolException | RuntimeException e) {
            throw new IOException(file.getFileName() + " is not a simulated band", e);
        }
    }

    private static byte[] b64(Properties p, String key) {
        return Base64.getDecoder().decode(p.getProperty(key));
    }

    synchronized void save() throws IOException {
        Properties p = new Properties();
        p.setProperty("protocol", Integer.toString(PROTOCOL));
        p.setProperty("serial", serial.value());
        p.setProperty("model", model);
        p.setProperty("firmware", firmware);
        p.setProperty("hardware", Integer.toString(hardware));
        p.setProperty("devicePrivateKey", Base64.getEncoder().encodeToString(deviceKey.getPrivate().getEncoded()));
        p.setProperty("chain", String.join(",", chain.stream().map(Base64.getEncoder()::encodeToString).toList()));
        p.setProperty("issuerRoot", Base64.getEncoder().encodeToString(P256.encode(issuerRoot)));
        p.setProperty("state", state.name());
        if (credential != null) {
            p.setProperty("credential", Base64.getEncoder().encodeToString(credential.encode()));
            p.setProperty("paymentSecret", Base64.getEncoder().encodeToString(paymentSecret));
        }
        p.setProperty("paymentCounter", Long.toString(paymentCounter));
        if (linkedPhone != null) {
            p.setProperty("phoneKey", Base64.getEncoder().encodeToString(linkedPhone.encoded()));
        }
        p.setProperty("pairsAnyPhone", Boolean.toString(pairsAnyPhone));
        p.setProperty("clockOffsetSeconds", Long.toString(clockOffsetSeconds));
        p.setProperty("clockSet", Boolean.toString(clockSet));
        p.setProperty("battery", Integer.toString(battery));
        p.setProperty("charging", Boolean.toString(charging));
        p.setProperty("worn", Boolean.toString(worn));
        p.setProperty("address", address);
        p.setProperty("dropsLinkOnNextBind", Boolean.toString(dropsLinkOnNextBind));
        SimulatorFiles.store(p, file, "Simulated PayBand band " + serial + " (SIMULATOR: keys here are not secret)");
    }

    // ---- what people do with a band (demo, training, tests) ----

    public BandSerial serial() {
        return serial;
    }

    public synchronized String address() {
        return address;
    }

    public synchronized BandState state() {
        return state;
    }

    public synchronized Optional<UUID> bindingId() {
        return Optional.ofNullable(credential).map(Credential::bindingId);
    }

    /** The phone key the band is linked to, as its flash holds it (the simulator's view, for tests and demos). */
    public synchronized Optional<PhoneKey> linkedPhone() {
        return Optional.ofNullable(linkedPhone);
    }

    public byte[] devicePublicKey() {
        return P256.encode(deviceKey.getPublic());
    }

    public synchronized int battery() {
        return battery;
    }

    public synchronized void setBattery(int percent) throws IOException {
        battery = Math.max(0, Math.min(100, percent));
        save();
    }

    /** Puts the band on a wrist; it stays locked until its linked phone unlocks it. */
    public synchronized void putOn() throws IOException {
        worn = true;
        unlocked = false;
        save();
    }

    /** Takes the band off: it stops paying at once. */
    public synchronized void takeOff() throws IOException {
        worn = false;
        unlocked = false;
        save();
    }

    /** Sets the band's clock off by this much (a drained battery, a factory fault). */
    public synchronized void setClockOffset(Duration offset, boolean set) throws IOException {
        clockOffsetSeconds = offset.getSeconds();
        clockSet = set;
        save();
    }

    public synchronized Instant clock() {
        return hostClock.instant().plusSeconds(clockOffsetSeconds);
    }

    public synchronized void inject(BandFault fault) {
        faults.add(fault);
    }

    /**
     * Gives this unit the protocol-1 pairing flaw (kept across restarts): any phone pairs with an empty slot
     * and a later BIND keeps it. The console must catch such a band; see {@link #pairsAnyPhone}.
     */
    public synchronized void flawPairsAnyPhone() throws IOException {
        pairsAnyPhone = true;
        save();
    }

    /** Makes this unit flaky: its next BIND is applied and then the link drops (kept across restarts). */
    public synchronized void dropLinkOnNextBind() throws IOException {
        dropsLinkOnNextBind = true;
        save();
    }

    /**
     * The simulator's factory flashes a band that has not left it (FACTORY) with another issuer's root: the demo's
     * bands follow the issuer the console works with (its own simulator, or the backend it registered with). A
     * real band's root is fixed at manufacture; a bound band keeps its own here too.
     *
     * @return whether the band took it (factory-new, and pinning another root)
     */
    public synchronized boolean reflashIssuerRoot(PublicKey root) throws IOException {
        if (state != BandState.FACTORY || root.equals(issuerRoot)) {
            return false;
        }
        issuerRoot = root;
        save();
        return true;
    }

    /** For sample sets: a band that left the factory long ago and was bound (by its issuer) elsewhere. */
    public synchronized void forceBound(Credential boundTo, byte[] secret) throws IOException {
        state = BandState.BOUND;
        credential = boundTo;
        linkedPhone = boundTo.phone();
        paymentSecret = secret.clone();
        save();
    }

    // ---- what the radio sees: for simulated radios only (SimulatedRadio, the BlueZ stand-in) ----

    public synchronized byte[] manufacturerData() {
        return BandAdvertisement.manufacturerData(serial, state, battery);
    }

    public synchronized Optional<byte[]> read(java.util.UUID characteristic) {
        if (characteristic.equals(GattUuids.SERIAL_NUMBER)) {
            return Optional.of(serial.value().getBytes(StandardCharsets.UTF_8));
        } else if (characteristic.equals(GattUuids.MODEL_NUMBER)) {
            return Optional.of(model.getBytes(StandardCharsets.UTF_8));
        } else if (characteristic.equals(GattUuids.FIRMWARE_REVISION)) {
            return Optional.of(firmware.getBytes(StandardCharsets.UTF_8));
        } else if (characteristic.equals(GattUuids.HARDWARE_REVISION)) {
            return Optional.of(Integer.toString(hardware).getBytes(StandardCharsets.UTF_8));
        } else if (characteristic.equals(GattUuids.MANUFACTURER_NAME)) {
            return Optional.of("PayBand (simulated)".getBytes(StandardCharsets.UTF_8));
        } else if (characteristic.equals(GattUuids.BATTERY_LEVEL)) {
            return Optional.of(new byte[] {(byte) battery});
        } else if (characteristic.equals(com.payband.band.protocol.BandUuids.STATUS)) {
            return Optional.of(new Wire.Writer().u8(state.ordinal()).u8(flags()).u8(battery).u8(0)
                    .u32(clock().getEpochSecond()).toBytes());
        }
        return Optional.empty();
    }

    public synchronized void connected(int negotiatedMtu) {
        mtu = negotiatedMtu;
        session = null;
        assembly = new Fragments.Assembly();
        challenge = null;
        unlocked = false;
    }

    public synchronized void mtu(int negotiatedMtu) {
        mtu = negotiatedMtu;
    }

    public synchronized void disconnected() {
        session = null;
        challenge = null;
        unlocked = false;
    }

    /** A Control Point write: a fragment; a complete message gets its answer. */
    public synchronized Reply write(byte[] fragment) {
        byte[] message;
        try {
            message = assembly.accept(fragment);
        } catch (ProtocolException e) {
            return reply(new byte[] {0x7F, (byte) Status.FRAMING_ERROR.code()});
        }
        if (message == null) {
            return Reply.NOTHING;
        }
        if (message.length > 0 && (message[0] & 0xFF) == Hello.REQUEST) {
            return hello(message);
        }
        if (session == null) {
            return reply(new byte[] {0x7F, (byte) Status.SESSION_ERROR.code()});
        }
        byte[] request;
        try {
            request = session.open(message);
        } catch (ProtocolException e) {
            // Replayed, reordered or altered: the session is over; say so in clear and forget it.
            session = null;
            log(0x0110);
            return reply(new byte[] {0x7F, (byte) Status.SESSION_ERROR.code()});
        }
        if (request.length == 0) {
            return sealed(new byte[] {(byte) Status.MALFORMED.code()});
        }
        Optional<Command> command = Command.of(request[0] & 0xFF);
        byte[] body = Arrays.copyOfRange(request, 1, request.length);
        if (command.isEmpty()) {
            return sealed(status(Status.UNKNOWN_COMMAND));
        }
        // a command that answers a challenge spends it whatever follows, a malformed request included
        Offered offered = command.get().needsAuthorisation() || command.get() == Command.UNLOCK
                || command.get() == Command.RELEASE_PHONE ? takeChallenge() : null;
        try {
            return switch (command.get()) {
                case GET_INFO -> sealed(ok(info().encode()));
                case GET_CHALLENGE -> sealed(ok(newChallenge()));
                case BIND -> bind(body, offered);
                case RESET -> reset(body, offered);
                case UNLINK_PHONE -> unlinkPhone(body, offered);
                case LINK_PHONE -> linkPhone(body, offered);
                case SET_TIME -> setTime(body, offered);
                case PAYMENT_CODE -> paymentCode();
                case SELF_TEST -> sealed(ok(new byte[] {0, 0}));
                case ERROR_LOG -> sealed(ok(errorLogBytes()));
                case PAIR_PHONE -> pairPhone(body);
                case UNLOCK -> unlock(body, offered);
                case RELEASE_PHONE -> releasePhone(body, offered);
            };
        } catch (ProtocolException e) {
            return sealed(status(Status.MALFORMED));
        } catch (IOException e) {
            log(0x7F01);
            return sealed(status(Status.INTERNAL_ERROR));
        }
    }

    private Reply hello(byte[] message) {
        try {
            Hello.Request request = Hello.Request.decode(message);
            KeyPair ephemeral = P256.generate();
            byte[] bandEphemeral = P256.encode(ephemeral.getPublic());
            byte[] signature = P256.sign(deviceKey.getPrivate(),
                    Hello.attestationInput(serial, request.nonce(), request.consoleEphemeral(), bandEphemeral));
            byte[] reply = new Hello.Reply(bandEphemeral, serial, chain, signature).encode();
            session = Session.derive(Session.Role.BAND, ephemeral.getPrivate(), P256.decode(request.consoleEphemeral()),
                    message, reply);
            challenge = null;
            unlocked = false;
            return reply(reply);
        } catch (ProtocolException e) {
            return reply(new byte[] {0x7F, (byte) Status.MALFORMED.code()});
        }
    }

    private Reply bind(byte[] body, Offered offered) throws ProtocolException, IOException {
        if (state == BandState.BOUND) {
            return sealed(status(Status.ALREADY_BOUND));
        }
        if (battery < MINIMUM_BATTERY) {
            return sealed(status(Status.BATTERY_LOW));
        }
        byte[] usedChallenge = offered.value();
        Authorised authorised = authorise(body, Command.BIND, true, offered);
        if (authorised.status() != Status.OK) {
            return sealed(status(authorised.status()));
        }
        byte[] payload = authorised.payload();
        BindRequest request = BindRequest.decode(payload);
        if (!request.credential().verify(issuerRoot, serial)) {
            log(0x0120);
            return sealed(status(Status.UNAUTHORISED));
        }
        if (linkedPhone != null && !pairsAnyPhone) {
            // a factory band's slot is empty; a phone there means the flash was tampered with
            log(0x0131);
            return sealed(status(Status.PHONE_SLOT_TAKEN));
        }
        byte[] secret = request.secret().open(deviceKey.getPrivate(), serial);
        if (faults.remove(BandFault.DROP_LINK_BEFORE_BIND)) {
            return Reply.DROP;
        }
        state = BandState.BOUND;
        credential = request.credential();
        paymentSecret = secret;
        paymentCounter = 0;
        if (faults.remove(BandFault.LINKS_FOREIGN_PHONE)) {
            linkedPhone = PhoneKey.of(P256.generate().getPublic());
        } else if (linkedPhone == null) {
            linkedPhone = credential.phone(); // the owner's phone, as the issuer signed it into the credential
        }
        unlocked = false;
        save();
        if (faults.remove(BandFault.DROP_LINK_AFTER_BIND) || dropsLinkOnNextBind) {
            dropsLinkOnNextBind = false;
            save();
            return Reply.DROP;
        }
        UUID bindingId = credential.bindingId();
        Optional<com.payband.band.protocol.PhoneFingerprint> phone = Optional.of(linkedPhone.fingerprint());
        byte[] signature = P256.sign(deviceKey.getPrivate(),
                BindAcknowledgement.toBeSigned(serial, bindingId, phone, usedChallenge, credential));
        return sealed(ok(new BindAcknowledgement(bindingId, phone, signature).encode()));
    }

    /** RESET, UNLINK_PHONE: the payload is the binding id they are for (zeros for a factory band's reset). */
    private Reply reset(byte[] body, Offered offered) throws ProtocolException, IOException {
        Authorised authorised = authorise(body, Command.RESET, true, offered);
        if (authorised.status() != Status.OK) {
            return sealed(status(authorised.status()));
        }
        byte[] payload = authorised.payload();
        if (!forThisBinding(payload, true)) {
            log(0x0120);
            return sealed(status(Status.UNAUTHORISED));
        }
        if (faults.remove(BandFault.DROP_LINK_BEFORE_RESET)) {
            return Reply.DROP;
        }
        state = BandState.FACTORY;
        credential = null;
        paymentSecret = null;
        paymentCounter = 0;
        linkedPhone = null;
        unlocked = false;
        // a factory reset draws a new random-static address: the console must not key bands by address
        address = newAddress();
        save();
        if (faults.remove(BandFault.DROP_LINK_AFTER_RESET)) {
            return Reply.DROP;
        }
        Reply ok = sealed(status(Status.OK));
        return new Reply(ok.indications(), true);
    }

    private Reply unlinkPhone(byte[] body, Offered offered) throws ProtocolException, IOException {
        Authorised authorised = authorise(body, Command.UNLINK_PHONE, true, offered);
        if (authorised.status() != Status.OK) {
            return sealed(status(authorised.status()));
        }
        byte[] payload = authorised.payload();
        if (state != BandState.BOUND) {
            return sealed(status(Status.NOT_BOUND));
        }
        if (!forThisBinding(payload, false)) {
            log(0x0120);
            return sealed(status(Status.UNAUTHORISED));
        }
        linkedPhone = null;
        unlocked = false;
        save();
        return sealed(status(Status.OK));
    }

    /** LINK_PHONE: binding id (16) · phone key (65), issuer-signed; only into an empty slot of that binding. */
    private Reply linkPhone(byte[] body, Offered offered) throws ProtocolException, IOException {
        Authorised authorised = authorise(body, Command.LINK_PHONE, true, offered);
        if (authorised.status() != Status.OK) {
            return sealed(status(authorised.status()));
        }
        byte[] payload = authorised.payload();
        Wire.Reader p = new Wire.Reader(payload);
        byte[] binding = p.bytes(16);
        PhoneKey phone = PhoneKey.of(p.bytes(P256.PUBLIC_KEY_LENGTH));
        p.end();
        if (state != BandState.BOUND) {
            return sealed(status(Status.NOT_BOUND));
        }
        if (!forThisBinding(binding, false)) {
            log(0x0120);
            return sealed(status(Status.UNAUTHORISED));
        }
        if (linkedPhone != null) {
            log(0x0131);
            return sealed(status(Status.PHONE_SLOT_TAKEN));
        }
        linkedPhone = phone;
        unlocked = false;
        save();
        return sealed(status(Status.OK));
    }

    private boolean forThisBinding(byte[] payload, boolean factoryAllowed) {
        if (payload.length != 16) {
            return false;
        }
        UUID named = Uuids.of(payload);
        if (credential == null) {
            return factoryAllowed && named.equals(Uuids.NONE);
        }
        return named.equals(credential.bindingId());
    }

    private Reply setTime(byte[] body, Offered offered) throws ProtocolException, IOException {
        // the clock is what SET_TIME corrects, so its expiry is not judged by it; the single-use
        // challenge keeps the command fresh
        Authorised authorised = authorise(body, Command.SET_TIME, false, offered);
        if (authorised.status() != Status.OK) {
            return sealed(status(authorised.status()));
        }
        byte[] payload = authorised.payload();
        Wire.Reader p = new Wire.Reader(payload);
        long time = p.u32();
        p.end();
        clockOffsetSeconds = time - hostClock.instant().getEpochSecond();
        clockSet = true;
        save();
        return sealed(status(Status.OK));
    }

    /** Only in a session unlocked by the linked phone, on the wrist, bound, with the clock set. */
    private Reply paymentCode() throws IOException {
        if (state != BandState.BOUND) {
            return sealed(status(Status.NOT_BOUND));
        }
        if (!clockSet) {
            return sealed(status(Status.CLOCK_NOT_SET));
        }
        if (!worn || !unlocked || linkedPhone == null) {
            return sealed(status(Status.NOT_UNLOCKED));
        }
        paymentCounter++;
        save();
        PaymentCode code = PaymentCode.compute(paymentSecret, credential.bindingId(), paymentCounter,
                PaymentCode.timeStep(clock()));
        return sealed(ok(code.encode()));
    }

    /**
     * PAIR_PHONE (version 2): a phone asks where it stands; it never fills the slot. A factory-new band has
     * no owner yet (NOT_BOUND), another phone's slot is taken (PHONE_SLOT_TAKEN), an empty slot of a bound
     * band is filled only by the issuer (UNAUTHORISED), and the linked phone hears OK (nothing changes).
     */
    private Reply pairPhone(byte[] body) throws ProtocolException, IOException {
        Wire.Reader r = new Wire.Reader(body);
        PhoneKey phone = PhoneKey.of(r.bytes(P256.PUBLIC_KEY_LENGTH));
        r.end();
        if (linkedPhone == null && pairsAnyPhone) {
            linkedPhone = phone; // the flaw: what protocol 1 did
            save();
            return sealed(status(Status.OK));
        }
        if (linkedPhone != null) {
            if (linkedPhone.equals(phone)) {
                return sealed(status(Status.OK));
            }
            log(0x0131);
            return sealed(status(Status.PHONE_SLOT_TAKEN));
        }
        if (state != BandState.BOUND) {
            log(0x0132);
            return sealed(status(Status.NOT_BOUND));
        }
        log(0x0120);
        return sealed(status(Status.UNAUTHORISED));
    }

    /** UNLOCK: the linked phone's signature over this session's challenge; then this session may pay. */
    private Reply unlock(byte[] signature, Offered offered) {
        Status check = checkPhoneProof(PhoneProof.Purpose.UNLOCK, signature, offered);
        if (check != Status.OK) {
            return sealed(status(check));
        }
        if (!worn) {
            return sealed(status(Status.NOT_UNLOCKED));
        }
        unlocked = true;
        return sealed(status(Status.OK));
    }

    /** RELEASE_PHONE: the linked phone gives up the link (the owner moves to a new phone). */
    private Reply releasePhone(byte[] signature, Offered offered) throws IOException {
        Status check = checkPhoneProof(PhoneProof.Purpose.RELEASE, signature, offered);
        if (check != Status.OK) {
            return sealed(status(check));
        }
        linkedPhone = null;
        unlocked = false;
        save();
        return sealed(status(Status.OK));
    }

    /** A phone's proof: bound band, a phone linked, this session's fresh challenge, and that phone's signature. */
    private Status checkPhoneProof(PhoneProof.Purpose purpose, byte[] signature, Offered offered) {
        byte[] expected = offered.value();
        Instant issued = offered.issued();
        if (state != BandState.BOUND || credential == null) {
            log(0x0132);
            return Status.NOT_BOUND;
        }
        if (linkedPhone == null) {
            log(0x0151);
            return Status.UNAUTHORISED;
        }
        if (expected == null || issued == null || clock().isAfter(issued.plus(CHALLENGE_LIFETIME))) {
            log(0x0121);
            return Status.CHALLENGE_UNKNOWN;
        }
        if (signature.length > 72 || !linkedPhone.verify(PhoneProof.toBeSigned(purpose, serial, credential.bindingId(),
                expected, session.id()), signature)) {
            log(0x0151);
            return Status.UNAUTHORISED;
        }
        return Status.OK;
    }

    /** A state change's body checked: its issuer authorisation, then what it authorises (the payload). */
    private record Authorised(Status status, byte[] payload) {
    }

    private Authorised authorise(byte[] body, Command action, boolean checkExpiry, Offered offered) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(body);
        Authorisation authorisation = Authorisation.decode(r.blob16());
        byte[] payload = r.rest();
        return new Authorised(checkAuthorisation(authorisation, action, payload, checkExpiry, offered), payload);
    }

    private Status checkAuthorisation(Authorisation a, Command action, byte[] payload, boolean checkExpiry,
            Offered offered) {
        byte[] expected = offered.value();
        Instant issued = offered.issued();
        if (expected == null || issued == null || clock().isAfter(issued.plus(CHALLENGE_LIFETIME))) {
            log(0x0121);
            return Status.CHALLENGE_UNKNOWN;
        }
        boolean valid = a.action() == action
                && a.serial().equals(serial)
                && MessageDigest.isEqual(a.challenge(), expected)
                && MessageDigest.isEqual(a.payloadHash(), Crypto.sha256(payload))
                && (!checkExpiry || !clock().isAfter(a.expires()))
                && a.verify(issuerRoot);
        if (!valid) {
            log(0x0120);
            return Status.UNAUTHORISED;
        }
        return Status.OK;
    }

    private byte[] newChallenge() {
        challenge = new byte[Authorisation.CHALLENGE_LENGTH];
        RANDOM.nextBytes(challenge);
        challengeIssued = clock();
        return challenge.clone();
    }

    /** The challenge this band gave last (null if none), and when; spent by being taken. */
    private record Offered(byte[] value, Instant issued) {
    }

    private Offered takeChallenge() {
        Offered offered = new Offered(challenge, challengeIssued);
        challenge = null;
        challengeIssued = null;
        return offered;
    }

    private BandInfo info() {
        return new BandInfo(state, worn, unlocked, charging, linkedPhone != null, clockSet, battery, firmware, hardware,
                Duration.between(bootedAt, hostClock.instant()), clock(), Optional.ofNullable(linkedPhone).map(PhoneKey::fingerprint),
                Optional.ofNullable(credential).map(Credential::bindingId));
    }

    private int flags() {
        return (worn ? 1 : 0) | (unlocked ? 2 : 0) | (charging ? 4 : 0) | (linkedPhone != null ? 8 : 0) | (clockSet ? 16 : 0);
    }

    private byte[] errorLogBytes() {
        Wire.Writer w = new Wire.Writer().u8(Math.min(errorLog.size(), 32));
        errorLog.stream().skip(Math.max(0, errorLog.size() - 32)).forEach(e -> w.u32(e.at().getEpochSecond()).u16(e.code()));
        return w.toBytes();
    }

    /** The last 32 entries, as GET ERROR_LOG returns them: a central that provokes refusals fills no memory. */
    private void log(int code) {
        if (errorLog.size() == 32) {
            errorLog.remove(0);
        }
        errorLog.add(new ErrorLogEntry(clock(), code));
    }

    private static byte[] ok(byte[] body) {
        byte[] out = new byte[body.length + 1];
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static byte[] status(Status s) {
        return new byte[] {(byte) s.code()};
    }

    private Reply sealed(byte[] response) {
        try {
            byte[] record = session.seal(response);
            if (faults.remove(BandFault.GARBLED_RESPONSE)) {
                record[record.length - 1] ^= 0x5A;
            }
            return reply(record);
        } catch (ProtocolException e) {
            return Reply.DROP;
        }
    }

    private Reply reply(byte[] message) {
        return new Reply(Fragments.split(message, mtu), false);
    }

    private static String newAddress() {
        byte[] a = new byte[6];
        RANDOM.nextBytes(a);
        a[0] |= (byte) 0xC0; // random static: the two top bits set
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(a);
    }
}

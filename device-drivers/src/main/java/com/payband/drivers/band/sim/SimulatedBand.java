package com.payband.drivers.band.sim;

import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandSerial;
import com.payband.drivers.band.BandState;
import com.payband.drivers.band.ble.GattUuids;
import com.payband.drivers.band.protocol.Authorisation;
import com.payband.drivers.band.protocol.BandInfo;
import com.payband.drivers.band.protocol.BindAcknowledgement;
import com.payband.drivers.band.protocol.BindRequest;
import com.payband.drivers.band.protocol.Command;
import com.payband.drivers.band.protocol.Credential;
import com.payband.drivers.band.protocol.Crypto;
import com.payband.drivers.band.protocol.Fragments;
import com.payband.drivers.band.protocol.Hello;
import com.payband.drivers.band.protocol.P256;
import com.payband.drivers.band.protocol.PaymentCode;
import com.payband.drivers.band.protocol.ProtocolException;
import com.payband.drivers.band.protocol.Session;
import com.payband.drivers.band.protocol.Status;
import com.payband.drivers.band.protocol.Uuids;
import com.payband.drivers.band.protocol.Wire;
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
 * A band's firmware, simulated: the protocol of band-gatt-profile.md from the band's side, with its
 * state in a file so that it survives restarts of the program like flash survives a reboot. It obeys
 * the issuer root key it was made with and nothing else.
 */
public final class SimulatedBand {

    static final Duration CHALLENGE_LIFETIME = Duration.ofSeconds(120);
    static final int MINIMUM_BATTERY = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the band answers from the radio: indications to send, and whether it then drops the link. */
    record Reply(List<byte[]> indications, boolean dropLink) {
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
    private final PublicKey issuerRoot;

    // persistent state, as in the band's flash
    private BandState state = BandState.FACTORY;
    private Credential credential;
    private byte[] paymentSecret;
    private long paymentCounter;
    private UUID linkedPhone;
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
            band.paymentCounter = Long.parseLong(p.getProperty("paymentCounter", "0"));
            band.linkedPhone = p.containsKey("linkedPhone") ? UUID.fromString(p.getProperty("linkedPhone")) : null;
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
            p.setProperty("linkedPhone", linkedPhone.toString());
        }
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

    public synchronized Optional<UUID> linkedPhone() {
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

    /** Makes this unit flaky: its next BIND is applied and then the link drops (kept across restarts). */
    public synchronized void dropLinkOnNextBind() throws IOException {
        dropsLinkOnNextBind = true;
        save();
    }

    /** For sample sets: a band that left the factory long ago and was bound (by its issuer) elsewhere. */
    public synchronized void forceBound(Credential boundTo, byte[] secret) throws IOException {
        state = BandState.BOUND;
        credential = boundTo;
        paymentSecret = secret.clone();
        save();
    }

    // ---- what the radio sees ----

    synchronized byte[] manufacturerData() {
        return BandAdvertisement.manufacturerData(serial, state, battery);
    }

    synchronized Optional<byte[]> read(java.util.UUID characteristic) {
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
        } else if (characteristic.equals(com.payband.drivers.band.protocol.BandUuids.STATUS)) {
            return Optional.of(new Wire.Writer().u8(state.ordinal()).u8(flags()).u8(battery).u8(0)
                    .u32(clock().getEpochSecond()).toBytes());
        }
        return Optional.empty();
    }

    synchronized void connected(int negotiatedMtu) {
        mtu = negotiatedMtu;
        session = null;
        assembly = new Fragments.Assembly();
        challenge = null;
    }

    synchronized void mtu(int negotiatedMtu) {
        mtu = negotiatedMtu;
    }

    synchronized void disconnected() {
        session = null;
        challenge = null;
    }

    /** A Control Point write: a fragment; a complete message gets its answer. */
    synchronized Reply write(byte[] fragment) {
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
        try {
            return switch (command.get()) {
                case GET_INFO -> sealed(ok(info().encode()));
                case GET_CHALLENGE -> sealed(ok(newChallenge()));
                case BIND -> bind(body);
                case RESET -> reset(body);
                case UNLINK_PHONE -> unlinkPhone(body);
                case SET_TIME -> setTime(body);
                case PAYMENT_CODE -> paymentCode();
                case SELF_TEST -> sealed(ok(new byte[] {0, 0}));
                case ERROR_LOG -> sealed(ok(errorLogBytes()));
                case PAIR_PHONE -> pairPhone(body);
                case UNLOCK -> unlock(body);
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
            return reply(reply);
        } catch (ProtocolException e) {
            return reply(new byte[] {0x7F, (byte) Status.MALFORMED.code()});
        }
    }

    private Reply bind(byte[] body) throws ProtocolException, IOException {
        if (state == BandState.BOUND) {
            spendChallenge();
            return sealed(status(Status.ALREADY_BOUND));
        }
        if (battery < MINIMUM_BATTERY) {
            spendChallenge();
            return sealed(status(Status.BATTERY_LOW));
        }
        Wire.Reader r = new Wire.Reader(body);
        Authorisation authorisation = Authorisation.decode(r.blob16());
        byte[] payload = r.rest();
        byte[] usedChallenge = challenge;
        Status check = checkAuthorisation(authorisation, Command.BIND, payload, true);
        if (check != Status.OK) {
            return sealed(status(check));
        }
        BindRequest request = BindRequest.decode(payload);
        if (!request.credential().verify(issuerRoot, serial)) {
            log(0x0120);
            return sealed(status(Status.UNAUTHORISED));
        }
        byte[] secret = request.secret().open(deviceKey.getPrivate(), serial);
        if (faults.remove(BandFault.DROP_LINK_BEFORE_BIND)) {
            return Reply.DROP;
        }
        state = BandState.BOUND;
        credential = request.credential();
        paymentSecret = secret;
        paymentCounter = 0;
        save();
        if (faults.remove(BandFault.DROP_LINK_AFTER_BIND) || dropsLinkOnNextBind) {
            dropsLinkOnNextBind = false;
            save();
            return Reply.DROP;
        }
        UUID bindingId = credential.bindingId();
        byte[] signature = P256.sign(deviceKey.getPrivate(),
                BindAcknowledgement.toBeSigned(serial, bindingId, usedChallenge, credential));
        return sealed(ok(new BindAcknowledgement(bindingId, signature).encode()));
    }

    private Reply reset(byte[] body) throws ProtocolException, IOException {
        Wire.Reader r = new Wire.Reader(body);
        Authorisation authorisation = Authorisation.decode(r.blob16());
        Status check = checkAuthorisation(authorisation, Command.RESET, r.rest(), true);
        if (check != Status.OK) {
            return sealed(status(check));
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
        Reply ok = sealed(status(Status.OK));
        return new Reply(ok.indications(), true);
    }

    private Reply unlinkPhone(byte[] body) throws ProtocolException, IOException {
        Wire.Reader r = new Wire.Reader(body);
        Authorisation authorisation = Authorisation.decode(r.blob16());
        Status check = checkAuthorisation(authorisation, Command.UNLINK_PHONE, r.rest(), true);
        if (check != Status.OK) {
            return sealed(status(check));
        }
        linkedPhone = null;
        unlocked = false;
        save();
        return sealed(status(Status.OK));
    }

    private Reply setTime(byte[] body) throws ProtocolException, IOException {
        Wire.Reader r = new Wire.Reader(body);
        Authorisation authorisation = Authorisation.decode(r.blob16());
        byte[] payload = r.rest();
        // the clock is what SET_TIME corrects, so its expiry is not judged by it; the single-use
        // challenge keeps the command fresh
        Status check = checkAuthorisation(authorisation, Command.SET_TIME, payload, false);
        if (check != Status.OK) {
            return sealed(status(check));
        }
        Wire.Reader p = new Wire.Reader(payload);
        long time = p.u32();
        p.end();
        clockOffsetSeconds = time - hostClock.instant().getEpochSecond();
        clockSet = true;
        save();
        return sealed(status(Status.OK));
    }

    private Reply paymentCode() throws IOException {
        if (state != BandState.BOUND) {
            return sealed(status(Status.NOT_BOUND));
        }
        if (!clockSet) {
            return sealed(status(Status.CLOCK_NOT_SET));
        }
        if (!worn || !unlocked) {
            return sealed(status(Status.NOT_UNLOCKED));
        }
        paymentCounter++;
        save();
        PaymentCode code = PaymentCode.compute(paymentSecret, credential.bindingId(), paymentCounter,
                PaymentCode.timeStep(clock()));
        return sealed(ok(code.encode()));
    }

    private Reply pairPhone(byte[] body) throws ProtocolException, IOException {
        Wire.Reader r = new Wire.Reader(body);
        UUID phone = Uuids.of(r.bytes(16));
        r.end();
        if (linkedPhone != null && !linkedPhone.equals(phone)) {
            log(0x0131);
            return sealed(status(Status.PHONE_SLOT_TAKEN));
        }
        linkedPhone = phone;
        save();
        return sealed(status(Status.OK));
    }

    private Reply unlock(byte[] body) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(body);
        UUID phone = Uuids.of(r.bytes(16));
        r.end();
        if (linkedPhone == null || !linkedPhone.equals(phone)) {
            return sealed(status(Status.UNAUTHORISED));
        }
        if (!worn) {
            return sealed(status(Status.NOT_UNLOCKED));
        }
        unlocked = true;
        return sealed(status(Status.OK));
    }

    private Status checkAuthorisation(Authorisation a, Command action, byte[] payload, boolean checkExpiry) {
        byte[] expected = challenge;
        Instant issued = challengeIssued;
        spendChallenge();
        if (expected == null || issued == null || clock().isAfter(issued.plus(CHALLENGE_LIFETIME))) {
            log(0x0121);
            return Status.CHALLENGE_UNKNOWN;
        }
        boolean valid = a.action() == action
                && a.serial().equals(serial)
                && java.security.MessageDigest.isEqual(a.challenge(), expected)
                && java.security.MessageDigest.isEqual(a.payloadHash(), Crypto.sha256(payload))
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

    private void spendChallenge() {
        challenge = null;
        challengeIssued = null;
    }

    private BandInfo info() {
        return new BandInfo(state, worn, unlocked, charging, linkedPhone != null, clockSet, battery, firmware, hardware,
                Duration.between(bootedAt, hostClock.instant()), clock(), Optional.ofNullable(linkedPhone),
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

    private void log(int code) {
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

package com.payband.console.simulator;

import com.payband.console.bands.BandRadio;
import com.payband.console.binding.ReasonCode;
import com.payband.console.binding.Revocation;
import com.payband.console.store.Database;
import com.payband.band.BandSerial;
import com.payband.band.protocol.Credential;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.ProtocolException;
import com.payband.band.protocol.SealedSecret;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.band.protocol.PaymentCode;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import com.payband.drivers.band.sim.SimulatedRadio;
import com.payband.drivers.band.ble.bluez.sim.BluezStandIn;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens (and on first use creates) the simulated world in {@code <data folder>/simulator}: its state
 * lives beside the console's store, not in it, and survives restarts like real bands and a real issuer.
 */
public final class SimulatorWorld implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SimulatorWorld.class);

    /** The sample bands: serial → what a person demonstrating or training meets with it. */
    public static final Map<String, String> SAMPLES = Map.of(
            "PB100001", "factory-new, on the counter",
            "PB100002", "factory-new, a shelf away",
            "PB100003", "factory-new, across the shop",
            "PB200001", "bound to someone else",
            "PB300001", "reported stolen",
            "PB400001", "battery at 6 %",
            "PB500001", "counterfeit (unknown manufacturer)",
            "PB600001", "drops the link in the middle of a bind",
            "PB700001", "clock three years ahead",
            "PB800001", "paired with a thief's phone on the shelf (firmware with the pairing flaw)");

    /** The issuer root the factory flashes new bands with. */
    private byte[] factoryRoot;
    private final SimulatedRadio radio;
    private final BandRadio bandRadio;
    /** The adapter the BlueZ stand-in plays. */
    public static final String BLUEZ_ADAPTER = "hci0";
    private BluezStandIn bluez;
    private PrivateBus bluezBus;
    private Path bluezFolder;
    private final BandManufacturer manufacturer;
    private final Path bandsFolder;
    private final Path phonesFolder;
    private final Clock clock;

    private SimulatorWorld(byte[] factoryRoot, SimulatedRadio radio, BandRadio bandRadio,
            BandManufacturer manufacturer, Path bandsFolder, Path phonesFolder, Clock clock) {
        this.radio = radio;
        this.bandRadio = bandRadio;
        this.manufacturer = manufacturer;
        this.bandsFolder = bandsFolder;
        this.phonesFolder = phonesFolder;
        this.clock = clock;
        this.factoryRoot = factoryRoot;
    }

    /**
     * The root the factory flashes new bands with: the one pinned last (the backend's, once the console learnt it),
     * else a placeholder nobody can sign for (the new bands are flashed again at registration).
     */
    private static byte[] factoryRoot(Path folder) {
        Path pinned = factoryRootFile(folder.resolve("bands"));
        if (Files.isRegularFile(pinned)) {
            try {
                return java.util.Base64.getDecoder().decode(Files.readString(pinned).trim());
            } catch (IOException | IllegalArgumentException e) {
                // unreadable: as if never pinned, until the console pins again
            }
        }
        return unknownRoot();
    }

    /**
     * Earlier versions kept a simulated issuer here, its root key and every band's payment secret in clear: a
     * console holds no issuer secret, so they are deleted (the bands bound with it are decided by their bands).
     */
    private static void removeOldIssuer(Path issuerFolder) {
        if (!Files.isDirectory(issuerFolder)) {
            return;
        }
        try {
            com.payband.console.files.Folders.deleteTree(issuerFolder);
            LOG.warn("simulator: removed {}, an issuer's keys that an earlier version kept in the data folder",
                    issuerFolder);
        } catch (IOException e) {
            LOG.warn("simulator: could not remove the old issuer keys in {}: {}", issuerFolder, e.getMessage());
        }
    }

    /** The root of a key thrown away at once: what is signed with it is beyond this console's reach. */
    private static byte[] unknownRoot() {
        return P256.encode(P256.generate().getPublic());
    }

    private static Path factoryRootFile(Path bandsFolder) {
        return bandsFolder.resolveSibling("factory-issuer-root");
    }

    private Path factoryRootFile() {
        return factoryRootFile(bandsFolder);
    }

    /** The issuer root the factory flashes new bands with (the backend's once pinned). */
    public synchronized byte[] factoryRoot() {
        return factoryRoot.clone();
    }

    public static SimulatorWorld open(Path folder, Database database, LinkModel link, Clock clock) throws IOException {
        removeOldIssuer(folder.resolve("issuer"));
        byte[] factoryRoot = factoryRoot(folder);
        BandManufacturer manufacturer = BandManufacturer.loadOrCreate(folder.resolve("manufacturer"), "PayBand Devices",
                clock.instant());
        Path bands = folder.resolve("bands");
        Path phones = folder.resolve("phones");
        SimulatedRadio radio = new SimulatedRadio(link, clock);
        DeviceCertificates trusted = new DeviceCertificates(List.of(manufacturer.root()));
        if (!Files.isDirectory(bands) || !hasBands(bands)) {
            makeSamples(bands, phones, folder.resolve("manufacturer"), manufacturer, factoryRoot, database, radio,
                    trusted, clock);
        }
        List<SimulatedBand> loaded;
        try {
            loaded = SimulatedRadio.loadAll(bands, clock);
        } catch (IOException e) {
            radio.close();
            throw new IOException(e.getMessage() + ". Move the folder " + folder
                    + " aside (the console then makes fresh sample bands) or use another data folder.", e);
        }
        for (SimulatedBand band : loaded) {
            radio.add(band, rssiOf(band.serial()));
        }
        // the simulator's radio outlives the band radio's choice of another (it is the customers' phones' too)
        BandRadio bandRadio = new BandRadio(radio, trusted, true, false, clock, Duration.ofSeconds(5));
        return new SimulatorWorld(factoryRoot, radio, bandRadio, manufacturer, bands, phones, clock);
    }

    private static boolean hasBands(Path bands) throws IOException {
        try (var files = Files.list(bands)) {
            return files.anyMatch(p -> p.getFileName().toString().matches("PB[0-9A-Z]{6}\\.properties"));
        }
    }

    private static int rssiOf(BandSerial serial) {
        return switch (serial.value()) {
            case "PB100001" -> -42;
            case "PB100002" -> -61;
            case "PB100003" -> -79;
            default -> -55 - Math.abs(serial.value().hashCode() % 20);
        };
    }

    private static void makeSamples(Path bands, Path phones, Path manufacturerFolder, BandManufacturer manufacturer,
            byte[] factoryRoot, Database database, SimulatedRadio radio,
            DeviceCertificates trusted, Clock clock) throws IOException {
        try {
            var issuerRoot = P256.decode(factoryRoot);
            // the bands bound in another store trust the issuer that bound them, one whose key this simulator forgets
            // at once (nothing here can sign for them, as for a real store's band bound elsewhere)
            KeyPair elsewhere = P256.generate();
            var elsewhereRoot = elsewhere.getPublic();
            for (String s : List.of("PB100001", "PB100002", "PB100003")) {
                SimulatedBand band = SimulatedBand.manufacture(bands, new BandSerial(s), manufacturer, issuerRoot, clock);
                band.setBattery(s.equals("PB100002") ? 64 : 88);
            }
            SimulatedBand other = SimulatedBand.manufacture(bands, new BandSerial("PB200001"), manufacturer, elsewhereRoot,
                    clock);
            bindElsewhere(other, elsewhere, clock, UUID.randomUUID(), phone(phones, "owner-PB200001", "the owner of PB200001 (bound elsewhere)",
                    radio, trusted, clock));
            SimulatedBand stolen = SimulatedBand.manufacture(bands, new BandSerial("PB300001"), manufacturer, elsewhereRoot,
                    clock);
            UUID stolenBinding = UUID.randomUUID();
            bindElsewhere(stolen, elsewhere, clock, stolenBinding, phone(phones, "owner-PB300001",
                    "the owner of PB300001 (reported stolen)", radio, trusted, clock));
            database.runInTransaction(s -> s.persist(new Revocation(stolenBinding, "PB300001", ReasonCode.STOLEN,
                    clock.instant().minus(Duration.ofDays(3)), Revocation.Source.SAMPLE)));
            SimulatedBand.manufacture(bands, new BandSerial("PB400001"), manufacturer, issuerRoot, clock).setBattery(6);
            BandManufacturer counterfeiter = BandManufacturer.loadOrCreate(manufacturerFolder, "PayBand Devices Ltd",
                    clock.instant());
            SimulatedBand.manufacture(bands, new BandSerial("PB500001"), counterfeiter, issuerRoot, clock);
            SimulatedBand.manufacture(bands, new BandSerial("PB600001"), manufacturer, issuerRoot, clock).dropLinkOnNextBind();
            SimulatedBand.manufacture(bands, new BandSerial("PB700001"), manufacturer, issuerRoot, clock)
                    .setClockOffset(Duration.ofDays(3 * 365), true);
            // a unit with the old pairing flaw, which a thief's phone paired on the shelf
            SimulatedBand flawed = SimulatedBand.manufacture(bands, new BandSerial("PB800001"), manufacturer, issuerRoot, clock);
            flawed.flawPairsAnyPhone();
            radio.add(flawed, rssiOf(flawed.serial()));
            try {
                thief(phones, radio, trusted, clock).pair(flawed.address());
            } catch (com.payband.drivers.band.BandException e) {
                throw new IOException("cannot pre-pair the flawed sample band", e);
            } finally {
                radio.remove(flawed.serial());
            }
        } catch (ProtocolException e) {
            throw new IOException("cannot make the sample bands", e);
        }
    }

    private static void bindElsewhere(SimulatedBand band, KeyPair elsewhere, Clock clock, UUID bindingId,
            SimulatedPhone owner) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[SealedSecret.SECRET_LENGTH];
        random.nextBytes(secret);
        var boundAt = clock.instant().minus(Duration.ofDays(40)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] reference = new byte[32];
        random.nextBytes(reference);
        Credential credential = new Credential(bindingId, reference, owner.key(), boundAt, P256.sign(
                elsewhere.getPrivate(), Credential.toBeSigned(band.serial(), bindingId, reference, owner.key(), boundAt)));
        band.forceBound(credential, secret);
    }

    private static SimulatedPhone phone(Path phones, String name, String label, SimulatedRadio radio,
            DeviceCertificates trusted, Clock clock) throws IOException {
        return SimulatedPhone.openOrCreate(phones.resolve(name + ".properties"), label, radio, trusted, clock);
    }

    private static SimulatedPhone thief(Path phones, SimulatedRadio radio, DeviceCertificates trusted, Clock clock)
            throws IOException {
        return phone(phones, "thief", "a thief's phone", radio, trusted, clock);
    }

    /**
     * A factory-new band out of a new box, on the counter: for training and demonstrations once the
     * sample bands are enrolled. Serials PB110001, PB110002... in order.
     */
    public synchronized SimulatedBand unboxNewBand() throws IOException {
        java.util.Set<String> taken = new java.util.HashSet<>();
        radio.bands().forEach(b -> taken.add(b.serial().value()));
        int n = 110001;
        while (taken.contains("PB" + n)) {
            n++;
        }
        try {
            SimulatedBand band = SimulatedBand.manufacture(bandsFolder, new BandSerial("PB" + n), manufacturer,
                    P256.decode(factoryRoot), clock);
            band.setBattery(92);
            radio.add(band, -45);
            if (bluez != null) {
                bluez.inRange(BLUEZ_ADAPTER, band, -45);
            }
            return band;
        } catch (ProtocolException e) {
            throw new IOException("cannot make a band", e);
        }
    }

    // ---- the phones: the customers' (one each, made on first use) and a thief's

    /** This customer's phone with the PayBand app (made on first use, kept in the simulator's folder). */
    public SimulatedPhone customerPhone(UUID customerId) throws IOException {
        return phone(phonesFolder, "customer-" + customerId, "the phone of customer " + customerId, radio, manufacturers(), clock);
    }

    /**
     * The customer got a new phone (the old one lost, stolen or retired): from now on {@link #customerPhone} is the new
     * one; the old one stays in the simulator's folder, still holding its key, as whoever has it now would.
     */
    public synchronized SimulatedPhone replaceCustomerPhone(UUID customerId) throws IOException {
        Path current = phonesFolder.resolve("customer-" + customerId + ".properties");
        if (Files.exists(current)) {
            Files.move(current, phonesFolder.resolve("customer-" + customerId + "-old-" + System.nanoTime() + ".properties"));
        }
        return customerPhone(customerId);
    }

    /** The phone of the next customer at the counter, linked to no band yet. */
    public SimulatedPhone counterPhone() throws IOException {
        return phone(phonesFolder, "next-customer", "the next customer's phone (no band yet)", radio, manufacturers(), clock);
    }

    /** A thief's phone: a genuine PayBand app on a phone that is not the owner's. */
    public SimulatedPhone thiefPhone() throws IOException {
        return thief(phonesFolder, radio, manufacturers(), clock);
    }

    /**
     * The simulated phone the band with this serial is linked to (the simulator knows every phone it
     * plays); empty for a factory-new band or one whose owner's phone this simulator does not play.
     */
    public Optional<SimulatedPhone> ownerPhone(BandSerial serial) throws IOException {
        SimulatedBand band = band(serial);
        Optional<com.payband.band.protocol.PhoneKey> linked = band.linkedPhone();
        if (linked.isEmpty() || !Files.isDirectory(phonesFolder)) {
            return Optional.empty();
        }
        try (var files = Files.list(phonesFolder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".properties")).sorted().toList()) {
                SimulatedPhone phone = SimulatedPhone.openOrCreate(f, "", radio, manufacturers(), clock);
                if (phone.key().equals(linked.get())) {
                    return Optional.of(phone);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What the customer does at the counter once their band is bound, played by the simulator: puts the
     * band on, unlocks it from their phone and shows the payment code the phone got from it (as a QR code).
     *
     * @throws com.payband.drivers.band.BandException the band's refusal (their phone is not the linked one, ...)
     */
    public PaymentCode customerShowsPaymentCode(UUID customerId, BandSerial serial)
            throws IOException, com.payband.drivers.band.BandException {
        SimulatedBand band = band(serial);
        band.putOn();
        return customerPhone(customerId).pay(band.address());
    }

    /** The simulated band with this serial. */
    public SimulatedBand band(BandSerial serial) throws IOException {
        return radio.band(serial).orElseThrow(() -> new IOException("no simulated band " + serial));
    }

    /** The simulator's manufacturer, trusted only for the simulator's own bands (marked simulated). */
    public DeviceCertificates manufacturers() {
        return new DeviceCertificates(List.of(manufacturer.root()));
    }

    /**
     * From now on the factory flashes bands with this issuer root, and the factory-new bands on the counter are
     * flashed again with it (the console registered with a backend, whose issuer signs from then on).
     *
     * @return how many bands took it
     */
    public synchronized int pinIssuerRoot(byte[] root) throws IOException {
        PublicKey key;
        try {
            key = P256.decode(root);
        } catch (ProtocolException e) {
            throw new IOException("not an issuer root key", e);
        }
        factoryRoot = root.clone();
        Files.writeString(factoryRootFile(), java.util.Base64.getEncoder().encodeToString(root));
        int n = 0;
        for (SimulatedBand band : radio.bands()) {
            if (band.reflashIssuerRoot(key)) {
                n++;
            }
        }
        return n;
    }

    public SimulatedRadio radio() {
        return radio;
    }

    public BandRadio bandRadio() {
        return bandRadio;
    }

    /**
     * Plays BlueZ for the simulator's bands: a private dbus-daemon with the BlueZ stand-in on it, one adapter
     * ({@value #BLUEZ_ADAPTER}) and every band of this world in its range, the very same bands the simulated phones
     * reach. TinyB pointed at this bus drives the simulator's bands through the real driver path.
     *
     * @return the bus's address (for the Bluetooth driver's {@code DBUS_SYSTEM_BUS_ADDRESS})
     */
    public synchronized String playBluez() throws IOException {
        if (bluezBus != null) {
            return bluezBus.address();
        }
        // a socket's path has room for 107 bytes: not under a deep data folder
        Path dir = Files.createTempDirectory("payband-bluez",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        PrivateBus bus = PrivateBus.start(dir);
        try {
            BluezStandIn standIn = BluezStandIn.start(bus.address());
            standIn.plug(BLUEZ_ADAPTER, "00:1A:7D:DA:71:13", "PayBand training dongle (simulated)", true);
            for (SimulatedBand band : radio.bands()) {
                standIn.inRange(BLUEZ_ADAPTER, band, rssiOf(band.serial()));
            }
            bluez = standIn;
            bluezBus = bus;
            bluezFolder = dir;
            return bus.address();
        } catch (org.freedesktop.dbus.exceptions.DBusException | RuntimeException e) {
            bus.close();
            throw new IOException("the BlueZ stand-in could not start: " + e.getMessage(), e);
        }
    }

    /** The BlueZ stand-in, while it plays (the tests drop its links and take bands out of its range). */
    public synchronized Optional<BluezStandIn> bluez() {
        return Optional.ofNullable(bluez);
    }

    public synchronized void stopPlayingBluez() {
        if (bluez != null) {
            bluez.close();
            bluez = null;
        }
        if (bluezBus != null) {
            bluezBus.close();
            bluezBus = null;
            try {
                Files.deleteIfExists(bluezFolder.resolve("bus.sock"));
                Files.deleteIfExists(bluezFolder);
            } catch (IOException e) {
                // a temporary folder: the system clears it
            }
        }
    }

    public BandManufacturer manufacturer() {
        return manufacturer;
    }

    @Override
    public void close() {
        bandRadio.close();
        radio.close();
        stopPlayingBluez();
    }
}

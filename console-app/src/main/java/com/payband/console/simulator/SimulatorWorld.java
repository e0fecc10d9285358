package com.payband.console.simulator;

import com.payband.console.bands.BandRadio;
import com.payband.console.binding.ReasonCode;
import com.payband.console.binding.Revocation;
import com.payband.console.issuer.IssuerException;
import com.payband.console.issuer.SimulatedIssuer;
import com.payband.console.store.Database;
import com.payband.drivers.band.BandSerial;
import com.payband.drivers.band.protocol.DeviceCertificates;
import com.payband.drivers.band.protocol.P256;
import com.payband.drivers.band.protocol.ProtocolException;
import com.payband.drivers.band.protocol.SealedSecret;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedRadio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Opens (and on first use creates) the simulated world in {@code <data folder>/simulator}: its state
 * lives beside the console's store, not in it, and survives restarts like real bands and a real issuer.
 */
public final class SimulatorWorld implements AutoCloseable {

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
            "PB700001", "clock three years ahead");

    private final SimulatedIssuer issuer;
    private final SimulatedRadio radio;
    private final BandRadio bandRadio;
    private final BandManufacturer manufacturer;
    private final Path bandsFolder;
    private final Clock clock;

    private SimulatorWorld(SimulatedIssuer issuer, SimulatedRadio radio, BandRadio bandRadio, BandManufacturer manufacturer,
            Path bandsFolder, Clock clock) {
        this.issuer = issuer;
        this.radio = radio;
        this.bandRadio = bandRadio;
        this.manufacturer = manufacturer;
        this.bandsFolder = bandsFolder;
        this.clock = clock;
    }

    public static SimulatorWorld open(Path folder, Database database, LinkModel link, Clock clock) throws IOException {
        SimulatedIssuer issuer = SimulatedIssuer.openOrCreate(folder.resolve("issuer"), clock);
        BandManufacturer manufacturer = BandManufacturer.loadOrCreate(folder.resolve("manufacturer"), "PayBand Devices",
                clock.instant());
        Path bands = folder.resolve("bands");
        if (!Files.isDirectory(bands) || SimulatedRadio.loadAll(bands, clock).isEmpty()) {
            makeSamples(bands, folder.resolve("manufacturer"), manufacturer, issuer, database, clock);
        }
        SimulatedRadio radio = new SimulatedRadio(link, clock);
        for (SimulatedBand band : SimulatedRadio.loadAll(bands, clock)) {
            radio.add(band, rssiOf(band.serial()));
        }
        BandRadio bandRadio = new BandRadio(radio, new DeviceCertificates(List.of(manufacturer.root())), clock,
                Duration.ofSeconds(5));
        return new SimulatorWorld(issuer, radio, bandRadio, manufacturer, bands, clock);
    }

    private static int rssiOf(BandSerial serial) {
        return switch (serial.value()) {
            case "PB100001" -> -42;
            case "PB100002" -> -61;
            case "PB100003" -> -79;
            default -> -55 - Math.abs(serial.value().hashCode() % 20);
        };
    }

    private static void makeSamples(Path bands, Path manufacturerFolder, BandManufacturer manufacturer, SimulatedIssuer issuer,
            Database database, Clock clock) throws IOException {
        byte[] root = issuer.rootPublicKey();
        try {
            var issuerRoot = P256.decode(root);
            for (String s : List.of("PB100001", "PB100002", "PB100003")) {
                SimulatedBand band = SimulatedBand.manufacture(bands, new BandSerial(s), manufacturer, issuerRoot, clock);
                band.setBattery(s.equals("PB100002") ? 64 : 88);
            }
            SimulatedBand other = SimulatedBand.manufacture(bands, new BandSerial("PB200001"), manufacturer, issuerRoot, clock);
            bindElsewhere(other, issuer, UUID.randomUUID());
            SimulatedBand stolen = SimulatedBand.manufacture(bands, new BandSerial("PB300001"), manufacturer, issuerRoot, clock);
            UUID stolenBinding = UUID.randomUUID();
            bindElsewhere(stolen, issuer, stolenBinding);
            database.runInTransaction(s -> s.persist(new Revocation(stolenBinding, "PB300001", ReasonCode.STOLEN,
                    clock.instant().minus(Duration.ofDays(3)), Revocation.Source.SAMPLE)));
            SimulatedBand.manufacture(bands, new BandSerial("PB400001"), manufacturer, issuerRoot, clock).setBattery(6);
            BandManufacturer counterfeiter = BandManufacturer.loadOrCreate(manufacturerFolder, "PayBand Devices Ltd",
                    clock.instant());
            SimulatedBand.manufacture(bands, new BandSerial("PB500001"), counterfeiter, issuerRoot, clock);
            SimulatedBand.manufacture(bands, new BandSerial("PB600001"), manufacturer, issuerRoot, clock).dropLinkOnNextBind();
            SimulatedBand.manufacture(bands, new BandSerial("PB700001"), manufacturer, issuerRoot, clock)
                    .setClockOffset(Duration.ofDays(3 * 365), true);
        } catch (ProtocolException | IssuerException e) {
            throw new IOException("cannot make the sample bands", e);
        }
    }

    private static void bindElsewhere(SimulatedBand band, SimulatedIssuer issuer, UUID bindingId)
            throws IssuerException, IOException {
        byte[] secret = new byte[SealedSecret.SECRET_LENGTH];
        new SecureRandom().nextBytes(secret);
        band.forceBound(issuer.foreignCredential(bindingId, band.serial(), secret), secret);
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
                    P256.decode(issuer.rootPublicKey()), clock);
            band.setBattery(92);
            radio.add(band, -45);
            return band;
        } catch (ProtocolException e) {
            throw new IOException("cannot make a band", e);
        }
    }

    /**
     * What the customer does at the counter once their band is bound, played by the simulator: pair
     * their phone (its app checks the band is genuine), put the band on, unlock it from the phone.
     */
    public void playCustomer(BandSerial serial) throws IOException {
        SimulatedBand band = radio.band(serial).orElseThrow(() -> new IOException("no simulated band " + serial));
        com.payband.drivers.band.sim.SimulatedPhone phone = new com.payband.drivers.band.sim.SimulatedPhone(
                UUID.randomUUID(), radio, new DeviceCertificates(List.of(manufacturer.root())), clock);
        try {
            phone.pair(band.address());
            band.putOn();
            phone.unlock(band.address());
        } catch (com.payband.drivers.band.BandException e) {
            throw new IOException("the simulated customer could not pair or unlock: " + e.getMessage(), e);
        }
    }

    public SimulatedIssuer issuer() {
        return issuer;
    }

    public SimulatedRadio radio() {
        return radio;
    }

    public BandRadio bandRadio() {
        return bandRadio;
    }

    public BandManufacturer manufacturer() {
        return manufacturer;
    }

    @Override
    public void close() {
        bandRadio.close();
    }
}

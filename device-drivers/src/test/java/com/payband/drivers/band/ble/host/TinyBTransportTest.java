package com.payband.drivers.band.ble.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BandUuids;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.drivers.band.TestIssuer;
import com.payband.drivers.band.ble.Advertisement;
import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import com.payband.drivers.band.ble.bluez.sim.BluezStandIn;
import com.payband.drivers.band.sim.BandFault;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import com.payband.drivers.band.sim.SimulatedRadio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The band over real Bluetooth software: TinyB's real natives in the BLE host process, talking D-Bus to the BlueZ
 * stand-in on a private dbus-daemon, with a simulated band behind the stand-in's GATT objects. No controller is
 * needed; everything above BlueZ's D-Bus API is the product's own code path.
 */
class TinyBTransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final BandSerial SERIAL = new BandSerial("PB100001");

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final TestIssuer issuer = new TestIssuer();
    private PrivateBus bus;
    private BluezStandIn bluez;
    private SimulatedBand band;
    private BandManufacturer manufacturer;
    private DeviceCertificates trusted;
    private HostedBleTransport radio;
    private final List<HostedBleTransport.Health> health = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        bus = PrivateBus.start(Files.createDirectories(dir.resolve("bus")));
        bluez = BluezStandIn.start(bus.address());
        bluez.plug("hci0", "00:1A:7D:DA:71:13", "Store dongle", true);
        manufacturer = BandManufacturer.create("PayBand Devices", clock.instant());
        trusted = new DeviceCertificates(List.of(manufacturer.root()));
        band = SimulatedBand.manufacture(dir.resolve("bands"), SERIAL, manufacturer, issuer.root(), clock);
        bluez.inRange("hci0", band, -45);
        radio = transport();
    }

    private HostedBleTransport transport() {
        return transport(Optional.empty());
    }

    private HostedBleTransport transport(Optional<String> adapter) {
        HostedBleTransport t = new HostedBleTransport(HostedBleTransport.javaCommand(adapter, dir),
                Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus.address()), Optional.of(dir.resolve("ble-host.log")), clock);
        t.onHealth(health::add);
        return t;
    }

    @AfterEach
    void tearDown() throws java.io.IOException {
        // a crash of TinyB's natives while the test ran fails it, with the JVM's report; one while the driver is
        // being stopped costs nothing a user relies on and is only shown
        List<Path> crashedWhileUsed = crashReports();
        if (radio != null) {
            radio.close();
        }
        if (bluez != null) {
            bluez.close();
        }
        bus.close();
        for (Path report : crashReports()) {
            if (!crashedWhileUsed.contains(report)) {
                System.err.println("TinyB crashed while its driver stopped: " + report + "\n"
                        + head(report));
            }
        }
        assertThat(crashedWhileUsed).as("the Bluetooth driver crashed during the test: "
                + (crashedWhileUsed.isEmpty() ? "" : head(crashedWhileUsed.get(0)))).isEmpty();
    }

    /** The part of a JVM's crash report that says where it crashed. */
    private static String head(Path report) throws java.io.IOException {
        try (var lines = Files.lines(report)) {
            return String.join("\n", lines.limit(12).toList());
        }
    }

    private List<Path> crashReports() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ble-host-crash-")).toList();
        }
    }

    /** The host's copies of TinyB's natives in the system's temporary folder (the host's own). */
    private static long nativeCopies() throws java.io.IOException {
        try (var files = Files.list(Path.of("/tmp"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("payband-tinyb")).count();
        }
    }

    /** Binds the factory-new band to an owner's phone with the issuer's authorisation, and checks it took. */
    private void bindsToAnOwner(BandClient client) throws Exception {
        try (SimulatedRadio phoneRadio = new SimulatedRadio(LinkModel.instant(), clock)) {
            SimulatedPhone owner = SimulatedPhone.create("owner", phoneRadio, trusted, clock);
            byte[] challenge = client.challenge();
            TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            Authorisation auth = issuer.authorise(Command.BIND, SERIAL, challenge, clock.instant().plusSeconds(300),
                    bind.request().payload());
            client.bind(auth, bind.request());
            assertThat(client.info().state()).isEqualTo(BandState.BOUND);
            assertThat(band.bindingId()).contains(bind.bindingId());
        }
    }

    /** Asks the band to bind to an owner's phone, the link lost before its answer; returns the bind asked. */
    private TestIssuer.Bind bindLosingTheLink(Advertisement ad) throws Exception {
        try (SimulatedRadio phoneRadio = new SimulatedRadio(LinkModel.instant(), clock);
                BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            SimulatedPhone owner = SimulatedPhone.create("owner", phoneRadio, trusted, clock);
            byte[] challenge = client.challenge();
            TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            Authorisation auth = issuer.authorise(Command.BIND, SERIAL, challenge, clock.instant().plusSeconds(300),
                    bind.request().payload());
            assertThatThrownBy(() -> client.bind(auth, bind.request())).isInstanceOfSatisfying(BandException.class,
                    e -> assertThat(e.kind()).isEqualTo(BandException.Kind.LINK_LOST));
            return bind;
        }
    }

    /** Scans until the band is heard; returns its advertisement. */
    private Advertisement find(BleTransport t) throws Exception {
        return find(t, SERIAL);
    }

    private Advertisement find(BleTransport t, BandSerial serial) throws Exception {
        List<Advertisement> heard = new CopyOnWriteArrayList<>();
        try (BleTransport.Scan scan = t.scan(heard::add)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (Advertisement a : heard) {
                    if (BandAdvertisement.of(a).map(b -> b.serial().equals(serial)).orElse(false)) {
                        return a;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the band was not heard; heard " + heard.size() + " advertisements");
    }

    @Test
    void aBandIsFoundAttestedAndBoundThroughTinyBAndBlueZ() throws Exception {
        long nativeCopies = nativeCopies();
        Advertisement ad = find(radio);
        // the host copied TinyB's natives to load them and removed the copy once loaded: none is left per start
        assertThat(nativeCopies()).isEqualTo(nativeCopies);
        BandAdvertisement seen = BandAdvertisement.of(ad).orElseThrow();
        assertThat(seen.state()).isEqualTo(BandState.FACTORY);
        assertThat(ad.address()).isEqualToIgnoringCase(band.address());
        assertThat(ad.rssi()).isBetween(-50, -40);
        assertThat(ad.localName()).contains(BandUuids.LOCAL_NAME);

        try (BleConnection link = radio.connect(ad.address(), TIMEOUT)) {
            // BlueZ agrees the MTU by itself; the host reads it from GattCharacteristic1.MTU
            assertThat(link.mtu()).isEqualTo(247);
            assertThat(link.discoverServices(TIMEOUT)).anyMatch(s -> s.uuid().equals(BandUuids.SERVICE)
                    && s.has(BandUuids.CONTROL_POINT));
        }
        try (BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(client.band().serial()).isEqualTo(SERIAL);
            assertThat(client.band().devicePublicKey()).isEqualTo(band.devicePublicKey());
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
            bindsToAnOwner(client);
        }
        assertThat(health).extracting(HostedBleTransport.Health::event)
                .containsExactly(HostedBleTransport.HealthEvent.STARTED);
    }

    /**
     * A BlueZ older than 5.62 says nothing of the MTU it agreed: the host assumes ATT's minimum (23), always safe,
     * and a whole attested bind goes through a band whose stack takes no more than 23, in writes of 20 bytes (the
     * stand-in refuses any longer write, as the band's stack would).
     */
    @Test
    void withoutBlueZsMtuTheHostAssumesTheMinimumAndABindGoesThroughInTwentyByteWrites() throws Exception {
        bluez.publishesMtu(false);
        Advertisement ad = find(radio);
        try (BleConnection link = radio.connect(ad.address(), TIMEOUT)) {
            assertThat(link.mtu()).isEqualTo(23);
            assertThatThrownBy(() -> link.write(BandUuids.SERVICE, BandUuids.CONTROL_POINT, new byte[21], TIMEOUT))
                    .isInstanceOfSatisfying(BleException.class, e -> assertThat(e.getMessage()).contains("MTU"));
        }

        bluez.mtu(23);
        try (BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(client.band().serial()).isEqualTo(SERIAL);
            bindsToAnOwner(client);
        }
    }

    @Test
    void aLinkDroppedByTheBandFailsTheOperationAsLinkLostAndTheBandCanBeReachedAgain() throws Exception {
        Advertisement ad = find(radio);
        BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT);
        bluez.dropLink(SERIAL);
        awaitDisconnected(client);
        assertThatThrownBy(client::info).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.kind()).isEqualTo(BandException.Kind.LINK_LOST));
        client.close();
        assertThat(radio.hostLinks()).as("the lost link's TinyB objects are freed in the host").isZero();
        try (BandClient again = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(again.info().state()).isEqualTo(BandState.FACTORY);
            assertThat(radio.hostLinks()).isEqualTo(1);
        }
        assertThat(radio.hostLinks()).isZero();
    }

    /**
     * The band takes the bind and the link drops before its answer arrives (the edge of range, a knock): the bind
     * fails as a lost link, never as a refusal, and the band asked again says it holds exactly that binding, which
     * is what the console's reconciliation decides the bind by.
     */
    @Test
    void aLinkDroppedMidBindFailsAsLinkLostAndTheBandAskedAgainHoldsTheBinding() throws Exception {
        band.dropLinkOnNextBind();
        Advertisement ad = find(radio);
        TestIssuer.Bind bind = bindLosingTheLink(ad);
        assertThat(radio.hostLinks()).as("the dropped link's TinyB objects are freed in the host").isZero();
        try (BandClient again = BandClient.open(radio, find(radio).address(), trusted, clock, TIMEOUT)) {
            assertThat(again.info().state()).isEqualTo(BandState.BOUND);
            assertThat(again.info().bindingId()).contains(bind.bindingId());
        }
        assertThat(radio.hostPid()).as("one driver throughout: a dropped link is not a driver failure").isPresent();
        assertThat(health).extracting(HostedBleTransport.Health::event)
                .containsExactly(HostedBleTransport.HealthEvent.STARTED);
    }

    /**
     * The driver dies (SIGKILL, as TinyB's natives crash) at the moment a band that keeps its link has taken the bind:
     * the bind fails as a lost link, never as a refusal; a new driver reaches the band, which holds exactly that
     * binding, what the console's reconciliation finishes the bind by.
     */
    @Test
    void aDriverKilledOnceTheBandTookTheBindLeavesTheBindingForTheBandToTell() throws Exception {
        Advertisement ad = find(radio);
        long pid = radio.hostPid().orElseThrow();
        List<Long> killed = new CopyOnWriteArrayList<>();
        bluez.onReply((serial, reply) -> {
            if (band.state() == BandState.BOUND && killed.isEmpty()) {
                killed.add(pid); // first: the lost link may reach the test before this thread's next step
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
            }
        });
        TestIssuer.Bind bind = bindLosingTheLink(ad);
        assertThat(killed).as("the driver was killed with the bind taken").containsExactly(Long.valueOf(pid));
        try (BandClient again = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(again.info().state()).isEqualTo(BandState.BOUND);
            assertThat(again.info().bindingId()).contains(bind.bindingId());
        }
        assertThat(radio.hostPid()).isPresent().get().isNotEqualTo(pid);
    }

    /**
     * A store with two dongles: the one named by its address is used (in any letter case), switched on when it was
     * off, and only the bands in its range are heard; the other is left as it was.
     */
    @Test
    void theAdapterNamedByItsAddressIsUsedAmongTwoAndSwitchedOn() throws Exception {
        radio.close();
        bluez.plug("hci1", "F0:0D:5E:ED:00:02", "Second dongle", false);
        BandSerial other = new BandSerial("PB100002");
        SimulatedBand second = SimulatedBand.manufacture(dir.resolve("bands"), other, manufacturer, issuer.root(),
                clock);
        bluez.inRange("hci1", second, -50);
        radio = transport(Optional.of("f0:0d:5e:ed:00:02"));

        Advertisement ad = find(radio, other);
        assertThat(health).first().satisfies(h -> assertThat(h.adapter()).contains("hci1"));
        List<Advertisement> heard = new CopyOnWriteArrayList<>();
        try (BleTransport.Scan scan = radio.scan(heard::add)) {
            Thread.sleep(1500);
        }
        assertThat(heard).as("the first dongle's band is not in this one's range")
                .noneMatch(a -> BandAdvertisement.of(a).map(b -> b.serial().equals(SERIAL)).orElse(false));
        try (BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(client.band().serial()).isEqualTo(other);
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
        assertThat(com.payband.drivers.band.ble.bluez.BluezAdapters.list(bus.address()))
                .extracting(a -> a.name() + "=" + a.powered()).contains("hci1=true", "hci0=true");
    }

    /**
     * A band is known by its serial and attested key, never by its address: reset, it draws a new address, while
     * BlueZ keeps the old one in its cache. A new scan hears the band only at its new address, nothing answers at the
     * old one, and a Nordic DFU bootloader advertising at address + 1 is never taken for the band.
     */
    @Test
    void aResetBandIsFoundBySerialAtItsNewAddressAndTheOldOneAnswersNothing() throws Exception {
        Advertisement before = find(radio);
        try (BandClient client = BandClient.open(radio, before.address(), trusted, clock, TIMEOUT)) {
            bindsToAnOwner(client);
            UUID bindingId = band.bindingId().orElseThrow();
            Authorisation reset = issuer.authorise(Command.RESET, SERIAL, client.challenge(),
                    clock.instant().plusSeconds(300), BandClient.bindingPayload(bindingId));
            client.reset(reset, bindingId);
        }
        assertThat(band.address()).as("a reset draws a new address").isNotEqualToIgnoringCase(before.address());
        String bootloader = nextAddress(band.address());
        bluez.advertiser("hci0", bootloader, Optional.of("DfuTarg"), 0x0059, new byte[] {1, 2, 3}, -50);

        List<Advertisement> heard = new CopyOnWriteArrayList<>();
        try (BleTransport.Scan scan = radio.scan(heard::add)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && heard.stream().map(a -> a.address().toUpperCase())
                    .distinct().filter(a -> a.equalsIgnoreCase(band.address()) || a.equals(bootloader)).count() < 2) {
                Thread.sleep(50);
            }
            Thread.sleep(1500); // more than a round of advertising: the old address would be among them by now
        }
        assertThat(heard).as("what BlueZ only remembers is not heard").noneMatch(
                a -> a.address().equalsIgnoreCase(before.address()));
        assertThat(heard).as("the DFU bootloader is heard").anyMatch(a -> a.address().equalsIgnoreCase(bootloader));
        assertThat(heard.stream().filter(a -> a.address().equalsIgnoreCase(bootloader)).map(BandAdvertisement::of)
                .flatMap(Optional::stream)).as("the DFU bootloader is not a band").isEmpty();
        BandAdvertisement after = heard.stream().map(BandAdvertisement::of).flatMap(Optional::stream)
                .filter(b -> b.serial().equals(SERIAL)).reduce((first, last) -> last).orElseThrow();
        assertThat(after.address()).isEqualToIgnoringCase(band.address());
        assertThat(after.state()).isEqualTo(BandState.FACTORY);

        // nothing answers at the old address: BlueZ would try it until its LE timeout (20 s), the driver gives the
        // attempt up at the operation's deadline, and is still the same driver
        Optional<Long> driver = radio.hostPid();
        assertThatThrownBy(() -> BandClient.open(radio, before.address(), trusted, clock, Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(BandException.class,
                        e -> assertThat(e.kind()).isEqualTo(BandException.Kind.NOT_FOUND));
        assertThat(radio.hostPid()).isEqualTo(driver);
        long cancelled = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (bluez.silentAttempts() > 0 && System.nanoTime() < cancelled) {
            Thread.sleep(20);
        }
        assertThat(bluez.silentAttempts()).as("the attempt was cancelled, not left to BlueZ's 20 s").isZero();
        try (BandClient client = BandClient.open(radio, after.address(), trusted, clock, TIMEOUT)) {
            assertThat(client.band().serial()).isEqualTo(SERIAL);
            assertThat(client.band().devicePublicKey()).isEqualTo(band.devicePublicKey());
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
        assertThat(health).extracting(HostedBleTransport.Health::event)
                .containsExactly(HostedBleTransport.HealthEvent.STARTED);
    }

    /** The address one above this one, as Nordic's bootloader takes for its DFU mode. */
    private static String nextAddress(String address) {
        long value = Long.parseLong(address.replace(":", ""), 16) + 1;
        String hex = String.format("%012X", value & 0xFFFF_FFFF_FFFFL);
        return String.join(":", hex.split("(?<=\\G..)"));
    }

    @Test
    void aBandThatLeftRangeIsNotFound() throws Exception {
        Advertisement ad = find(radio);
        bluez.outOfRange(SERIAL);
        assertThatThrownBy(() -> BandClient.open(radio, ad.address(), trusted, clock, Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(BandException.class,
                        e -> assertThat(e.kind()).isEqualTo(BandException.Kind.NOT_FOUND));
    }

    @Test
    void aKilledDriverLosesTheLinkCleanlyAndANewOneIsStartedForTheNextOperation() throws Exception {
        Advertisement ad = find(radio);
        BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT);
        long pid = radio.hostPid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: what a crash of TinyB's natives looks like
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        awaitDisconnected(client);
        assertThatThrownBy(client::info).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.kind()).isEqualTo(BandException.Kind.LINK_LOST));
        // BlueZ keeps a dead client's link, as the real one does; the new host takes the band over
        try (BandClient again = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(again.band().serial()).isEqualTo(SERIAL);
            assertThat(again.info().state()).isEqualTo(BandState.FACTORY);
        }
        assertThat(radio.hostPid()).isPresent().get().isNotEqualTo(pid);
        assertThat(health).extracting(HostedBleTransport.Health::event).containsExactly(
                HostedBleTransport.HealthEvent.STARTED, HostedBleTransport.HealthEvent.STOPPED,
                HostedBleTransport.HealthEvent.RESTARTED);
    }

    /** Any program on the system bus may send signals named as BlueZ's; only BlueZ's and the bus daemon's count. */
    @Test
    void signalsForgedByAnotherProgramOnTheBusDoNotEndTheDriver() throws Exception {
        Advertisement ad = find(radio);
        long pid = radio.hostPid().orElseThrow();
        try (org.freedesktop.dbus.connections.impl.DBusConnection prankster =
                org.freedesktop.dbus.connections.impl.DBusConnectionBuilder.forAddress(bus.address())
                        .withShared(false).build()) {
            String bluezOwner = prankster.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus",
                    org.freedesktop.dbus.interfaces.DBus.class).GetNameOwner("org.bluez");
            prankster.sendMessage(new org.freedesktop.dbus.interfaces.DBus.NameOwnerChanged("/org/freedesktop/DBus",
                    "org.bluez", bluezOwner, ""));
            prankster.sendMessage(new org.freedesktop.dbus.interfaces.ObjectManager.InterfacesRemoved("/",
                    new org.freedesktop.dbus.DBusPath("/org/bluez/hci0"), List.of("org.bluez.Adapter1")));
            // the daemon answers this after routing the two signals above
            prankster.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus",
                    org.freedesktop.dbus.interfaces.DBus.class).GetNameOwner("org.bluez");
        }
        // a whole attested session after them, on the same driver
        try (BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
        assertThat(radio.hostPid()).contains(pid);
        assertThat(health).extracting(HostedBleTransport.Health::event)
                .containsExactly(HostedBleTransport.HealthEvent.STARTED);
    }

    @Test
    void aDonglePulledOutEndsTheLinkAndTheNextDriverSaysThereIsNoAdapter() throws Exception {
        Advertisement ad = find(radio);
        BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT);
        bluez.unplug("hci0");
        awaitDisconnected(client);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (radio.hostPid().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(radio.hostPid()).as("the driver ends with its adapter").isEmpty();
        assertThatThrownBy(() -> radio.scan(a -> { })).isInstanceOfSatisfying(BleException.class, e -> {
            assertThat(e.kind()).isEqualTo(BleException.Kind.ADAPTER_UNAVAILABLE);
            assertThat(e.getMessage()).contains("NO_ADAPTER");
        });
        assertThat(health).extracting(HostedBleTransport.Health::event).containsExactly(
                HostedBleTransport.HealthEvent.STARTED, HostedBleTransport.HealthEvent.STOPPED,
                HostedBleTransport.HealthEvent.UNAVAILABLE);
        client.close();
    }

    @Test
    void blueZRestartingEndsTheDriverAndANewOneReachesTheBandAgain() throws Exception {
        Advertisement ad = find(radio);
        BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT);
        long pid = radio.hostPid().orElseThrow();
        bluez.close(); // bluetoothd stopped: TinyB's proxies are stale from here on, so the driver ends
        awaitDisconnected(client);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the driver ended").isEmpty();
        bluez = BluezStandIn.start(bus.address());
        bluez.plug("hci0", "00:1A:7D:DA:71:13", "Store dongle", true);
        bluez.inRange("hci0", band, -45);
        Advertisement again = find(radio);
        try (BandClient reached = BandClient.open(radio, again.address(), trusted, clock, TIMEOUT)) {
            assertThat(reached.info().state()).isEqualTo(BandState.FACTORY);
        }
        assertThat(radio.hostPid()).isPresent().get().isNotEqualTo(pid);
        // the driver is started again by itself: while BlueZ was away it said so, once back it runs
        assertThat(health).extracting(HostedBleTransport.Health::event).startsWith(
                HostedBleTransport.HealthEvent.STARTED, HostedBleTransport.HealthEvent.STOPPED)
                .endsWith(HostedBleTransport.HealthEvent.RESTARTED)
                .filteredOn(e -> e == HostedBleTransport.HealthEvent.RESTARTED).hasSize(1);
        // (the stand-in may be seen between its start and its adapter's plugging: no adapter yet)
        assertThat(health.subList(2, health.size() - 1)).allSatisfy(h -> assertThat(h.reason().orElseThrow())
                .isIn("BLUEZ_NOT_RUNNING", "NO_ADAPTER"));
        client.close();
    }

    @Test
    void withoutBlueZTheDriverSaysSoAndStartsByItselfOnceBlueZIsThere() throws Exception {
        bluez.close();
        bluez = null;
        assertThatThrownBy(() -> radio.scan(a -> { })).isInstanceOfSatisfying(BleException.class, e -> {
            assertThat(e.kind()).isEqualTo(BleException.Kind.ADAPTER_UNAVAILABLE);
            assertThat(e.getMessage()).contains("BLUEZ_NOT_RUNNING");
        });
        assertThat(health).extracting(HostedBleTransport.Health::reason).containsExactly(Optional.of("BLUEZ_NOT_RUNNING"));
        // while BlueZ stays away the bus is asked, and no driver is started for nothing
        Thread.sleep(3 * HostedBleTransport.BLUEZ_PROBE_MS);
        assertThat(health).hasSize(1);
        assertThat(radio.hostPid()).isEmpty();

        // bluetoothd starts (the technician installed or restarted it): the driver follows with no scan asked
        bluez = BluezStandIn.start(bus.address());
        bluez.plug("hci0", "00:1A:7D:DA:71:13", "Store dongle", true);
        bluez.inRange("hci0", band, -45);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (health.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(health).extracting(HostedBleTransport.Health::event).containsExactly(
                HostedBleTransport.HealthEvent.UNAVAILABLE, HostedBleTransport.HealthEvent.STARTED);
        assertThat(radio.hostPid()).isPresent();
        assertThat(find(radio).address()).isEqualToIgnoringCase(band.address());
    }

    @Test
    void aGarbledValueFromTheBandIsAProtocolErrorAndTheDriverCarriesOn() throws Exception {
        Advertisement ad = find(radio);
        long pid;
        try (BandClient client = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            pid = radio.hostPid().orElseThrow();
            band.inject(BandFault.GARBLED_RESPONSE);
            assertThatThrownBy(client::info).isInstanceOfSatisfying(BandException.class,
                    e -> assertThat(e.kind()).isEqualTo(BandException.Kind.PROTOCOL));
        }
        try (BandClient again = BandClient.open(radio, ad.address(), trusted, clock, TIMEOUT)) {
            assertThat(again.info().state()).isEqualTo(BandState.FACTORY);
        }
        // (should the driver die here all the same, its own log says why: the test's folder goes with the test)
        assertThat(radio.hostPid()).as(() -> "the same driver; its log:\n" + hostLog()).contains(pid);
    }

    private String hostLog() {
        try {
            return Files.readString(dir.resolve("ble-host.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** A stock room: 500 devices advertising through the real host (the window's side is CrowdedScanTest's). */
    @Test
    void aStockRoomOfFiveHundredAdvertisersIsHeardWholeAndTheDriverCarriesOn() throws Exception {
        java.util.Set<String> bandLike = new java.util.HashSet<>();
        for (int i = 0; i < 500; i++) {
            String address = String.format(java.util.Locale.ROOT, "C0:10:00:00:%02X:%02X", i >> 8, i & 0xFF);
            if (i % 10 == 9) { // another vendor's beacon
                bluez.advertiser("hci0", address, Optional.empty(), 0x004C, new byte[] {2, 21, 1, 2, 3}, -70);
            } else {
                BandSerial serial = new BandSerial(String.format(java.util.Locale.ROOT, "PB95%04d", i));
                bandLike.add(serial.value());
                bluez.advertiser("hci0", address, Optional.of(BandUuids.LOCAL_NAME), BandUuids.COMPANY_ID,
                        BandAdvertisement.manufacturerData(serial, BandState.FACTORY, 70), -45 - i % 50);
            }
        }
        java.util.Set<String> bands = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> addresses = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long pid;
        try (BleTransport.Scan scan = radio.scan(a -> {
            addresses.add(a.address());
            BandAdvertisement.of(a).ifPresent(b -> bands.add(b.serial().value()));
        })) {
            pid = radio.hostPid().orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (bands.size() < bandLike.size() + 1 || addresses.size() < 501)) {
                Thread.sleep(100);
            }
        }
        // every device heard, every band-like one read as the band it is, the beacons as no band at all
        assertThat(addresses).hasSize(501);
        assertThat(bands).hasSize(451).containsAll(bandLike).contains(SERIAL.value());
        // and the same driver goes on to a whole attested session
        try (BandClient client = BandClient.open(radio, find(radio).address(), trusted, clock, TIMEOUT)) {
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
        assertThat(radio.hostPid()).contains(pid);
        assertThat(health).extracting(HostedBleTransport.Health::event)
                .containsExactly(HostedBleTransport.HealthEvent.STARTED);
    }

    @Test
    void foreignDamagedAndAbsurdAdvertisementsAreNeverTakenForBands() throws Exception {
        bluez.advertiser("hci0", "C0:00:00:00:00:01", Optional.empty(), 0x004C, new byte[] {2, 21, 1, 2, 3}, -60);
        bluez.advertiser("hci0", "C0:00:00:00:00:02", Optional.of(BandUuids.LOCAL_NAME), BandUuids.COMPANY_ID,
                new byte[0], -60);
        bluez.advertiser("hci0", "C0:00:00:00:00:03", Optional.of(BandUuids.LOCAL_NAME), BandUuids.COMPANY_ID,
                new byte[200], -60);
        bluez.advertiser("hci0", "C0:00:00:00:00:04", Optional.of("PayBand\u202E\uD83D\uDE00" + "x".repeat(240)),
                BandUuids.COMPANY_ID, new byte[11], -60);
        bluez.advertiser("hci0", "C0:00:00:00:00:05", Optional.of(BandUuids.LOCAL_NAME), BandUuids.COMPANY_ID,
                band.manufacturerData(), 127);
        List<Advertisement> heard = new CopyOnWriteArrayList<>();
        try (BleTransport.Scan scan = radio.scan(heard::add)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < deadline && heard.stream().map(Advertisement::address).distinct().count() < 5) {
                Thread.sleep(100);
            }
        }
        assertThat(heard.stream().map(Advertisement::address).distinct())
                .contains("C0:00:00:00:00:01", "C0:00:00:00:00:03", "C0:00:00:00:00:04")
                .doesNotContain("C0:00:00:00:00:05"); // RSSI 127 is BlueZ's "unknown": not a device in range
        assertThat(heard.stream().filter(a -> !a.address().equalsIgnoreCase(band.address()))
                .map(BandAdvertisement::of).flatMap(Optional::stream)).isEmpty();
        assertThat(heard.stream().filter(a -> a.address().equalsIgnoreCase(band.address())).map(BandAdvertisement::of)
                .flatMap(Optional::stream).map(BandAdvertisement::serial)).containsOnly(SERIAL);
    }

    private static void awaitDisconnected(BandClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (client.connected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.connected()).as("the link is reported lost").isFalse();
    }
}

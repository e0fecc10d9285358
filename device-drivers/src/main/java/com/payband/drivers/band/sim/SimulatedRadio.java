package com.payband.drivers.band.sim;

import com.payband.band.BandSerial;
import com.payband.drivers.band.ble.Advertisement;
import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.ble.GattService;
import com.payband.drivers.band.ble.GattUuids;
import com.payband.band.protocol.BandUuids;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A BLE radio with simulated bands in range: advertisements with signal strength, connections with an
 * MTU and a connection interval, indications in order, and links that drop. Counts the GATT round trips
 * and bytes it carried, for the bind benchmark.
 */
public final class SimulatedRadio implements BleTransport {

    private final LinkModel link;
    private final Clock clock;
    private final Map<BandSerial, SimulatedBand> bands = new ConcurrentHashMap<>();
    private final Map<BandSerial, Integer> signal = new ConcurrentHashMap<>();
    private final List<SimConnection> connections = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService advertiser = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-radio-advertising");
        t.setDaemon(true);
        return t;
    });
    private final Random jitter = new Random();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong indications = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean closed;

    public SimulatedRadio(LinkModel link, Clock clock) {
        this.link = link;
        this.clock = clock;
    }

    /** A band comes into range with this signal strength (dBm, e.g. -45 on the counter, -80 across the shop). */
    public void add(SimulatedBand band, int rssi) {
        bands.put(band.serial(), band);
        signal.put(band.serial(), rssi);
    }

    /** The band leaves range (or its battery dies): a link to it drops. */
    public void remove(BandSerial serial) {
        SimulatedBand band = bands.remove(serial);
        signal.remove(serial);
        if (band != null) {
            connections.stream().filter(c -> c.band == band).forEach(SimConnection::lose);
        }
    }

    public Optional<SimulatedBand> band(BandSerial serial) {
        return Optional.ofNullable(bands.get(serial));
    }

    public List<SimulatedBand> bands() {
        return List.copyOf(bands.values());
    }

    /** Drops every link to this band now, as a band walking out of range would. */
    public void dropLink(BandSerial serial) {
        connections.stream().filter(c -> c.band.serial().equals(serial)).forEach(SimConnection::lose);
    }

    /** GATT writes, indications and bytes (both ways, fragments included) carried so far. */
    public record Traffic(long writes, long indications, long bytes) {
    }

    public Traffic traffic() {
        return new Traffic(writes.get(), indications.get(), bytes.get());
    }

    @Override
    public Scan scan(Consumer<Advertisement> listener) throws BleException {
        ensureOpen();
        var task = advertiser.scheduleAtFixedRate(() -> {
            for (SimulatedBand band : bands.values()) {
                int rssi = signal.getOrDefault(band.serial(), -70) + jitter.nextInt(7) - 3;
                try {
                    listener.accept(new Advertisement(band.address(), Optional.of(BandUuids.LOCAL_NAME), rssi,
                            Map.of(BandUuids.COMPANY_ID, band.manufacturerData()), clock.instant()));
                } catch (RuntimeException e) {
                    // a failing listener must not stop the radio
                }
            }
        }, 0, link.advertisingNanos(), TimeUnit.NANOSECONDS);
        return () -> task.cancel(false);
    }

    @Override
    public BleConnection connect(String address, Duration timeout) throws BleException {
        ensureOpen();
        pause(link.intervalNanos() * 2);
        SimulatedBand band = bands.values().stream().filter(b -> b.address().equalsIgnoreCase(address)).findFirst()
                .orElseThrow(() -> new BleException(BleException.Kind.NOT_FOUND, "no band advertising at " + address));
        SimConnection c = new SimConnection(band, address);
        connections.add(c);
        band.connected(23);
        return c;
    }

    @Override
    public void close() {
        closed = true;
        advertiser.shutdownNow();
        connections.forEach(SimConnection::close);
    }

    private void ensureOpen() throws BleException {
        if (closed) {
            throw new BleException(BleException.Kind.ADAPTER_UNAVAILABLE, "simulated radio closed");
        }
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final List<GattService> SERVICES = List.of(
            new GattService(GattUuids.DEVICE_INFORMATION, List.of(
                    new GattService.Characteristic(GattUuids.MANUFACTURER_NAME, Set.of(GattService.Property.READ)),
                    new GattService.Characteristic(GattUuids.MODEL_NUMBER, Set.of(GattService.Property.READ)),
                    new GattService.Characteristic(GattUuids.SERIAL_NUMBER, Set.of(GattService.Property.READ)),
                    new GattService.Characteristic(GattUuids.HARDWARE_REVISION, Set.of(GattService.Property.READ)),
                    new GattService.Characteristic(GattUuids.FIRMWARE_REVISION, Set.of(GattService.Property.READ)))),
            new GattService(GattUuids.BATTERY, List.of(new GattService.Characteristic(GattUuids.BATTERY_LEVEL,
                    Set.of(GattService.Property.READ, GattService.Property.NOTIFY)))),
            new GattService(BandUuids.SERVICE, List.of(
                    new GattService.Characteristic(BandUuids.CONTROL_POINT,
                            Set.of(GattService.Property.WRITE, GattService.Property.INDICATE)),
                    new GattService.Characteristic(BandUuids.STATUS,
                            Set.of(GattService.Property.READ, GattService.Property.NOTIFY)))));

    /** One link to one band. Indications and link-lost callbacks arrive in order on the link's own thread. */
    private final class SimConnection implements BleConnection {
        private final SimulatedBand band;
        private final String address;
        private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sim-radio-link");
            t.setDaemon(true);
            return t;
        });
        private final List<Runnable> lostListeners = new CopyOnWriteArrayList<>();
        private volatile Consumer<byte[]> controlPointListener;
        private volatile boolean connected = true;
        private volatile int mtu = 23;

        SimConnection(SimulatedBand band, String address) {
            this.band = band;
            this.address = address;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public int mtu() {
            return mtu;
        }

        @Override
        public int requestMtu(int requested, Duration timeout) throws BleException {
            roundTrip();
            mtu = Math.max(23, Math.min(requested, link.maxMtu()));
            band.mtu(mtu);
            return mtu;
        }

        @Override
        public List<GattService> discoverServices(Duration timeout) throws BleException {
            for (int i = 0; i < 3; i++) {
                roundTrip();
            }
            return SERVICES;
        }

        @Override
        public byte[] read(UUID service, UUID characteristic, Duration timeout) throws BleException {
            roundTrip();
            byte[] value = band.read(characteristic)
                    .orElseThrow(() -> new BleException(BleException.Kind.GATT_ERROR, "no such characteristic"));
            bytes.addAndGet(value.length);
            return value;
        }

        @Override
        public void write(UUID service, UUID characteristic, byte[] value, Duration timeout) throws BleException {
            if (!characteristic.equals(BandUuids.CONTROL_POINT)) {
                throw new BleException(BleException.Kind.GATT_ERROR, "characteristic not writable");
            }
            if (value.length > mtu - 3) {
                throw new BleException(BleException.Kind.GATT_ERROR, "write longer than the MTU");
            }
            roundTrip();
            writes.incrementAndGet();
            bytes.addAndGet(value.length);
            SimulatedBand.Reply reply = band.write(value);
            for (byte[] indication : reply.indications()) {
                post(() -> {
                    pause(link.intervalNanos());
                    if (connected && controlPointListener != null) {
                        indications.incrementAndGet();
                        bytes.addAndGet(indication.length);
                        controlPointListener.accept(indication);
                    }
                });
            }
            if (reply.dropLink()) {
                post(this::lose);
            }
        }

        /** Queues an event on the link's thread; a link that is already gone takes no more. */
        private void post(Runnable event) {
            try {
                events.execute(event);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the link dropped meanwhile: its listeners have been told
            }
        }

        @Override
        public void subscribe(UUID service, UUID characteristic, Consumer<byte[]> listener, Duration timeout)
                throws BleException {
            roundTrip();
            if (!characteristic.equals(BandUuids.CONTROL_POINT)) {
                throw new BleException(BleException.Kind.GATT_ERROR, "characteristic does not indicate");
            }
            controlPointListener = listener;
        }

        @Override
        public void onLinkLost(Runnable listener) {
            lostListeners.add(listener);
        }

        @Override
        public int rssi() {
            return signal.getOrDefault(band.serial(), -70);
        }

        @Override
        public boolean connected() {
            return connected;
        }

        private void roundTrip() throws BleException {
            if (!connected) {
                throw new BleException(BleException.Kind.LINK_LOST, "link lost");
            }
            pause(link.intervalNanos());
            if (!connected) {
                throw new BleException(BleException.Kind.LINK_LOST, "link lost");
            }
        }

        void lose() {
            if (connected) {
                connected = false;
                band.disconnected();
                connections.remove(this);
                post(() -> lostListeners.forEach(Runnable::run));
                events.shutdown();
            }
        }

        @Override
        public void close() {
            if (connected) {
                connected = false;
                band.disconnected();
                connections.remove(this);
                events.shutdown();
            }
        }
    }

    /** The bands whose files are in a folder, as a shop's drawer of demo bands. */
    public static List<SimulatedBand> loadAll(java.nio.file.Path folder, Clock clock) throws java.io.IOException {
        List<SimulatedBand> loaded = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(folder)) {
            return loaded;
        }
        try (var files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path f : files.filter(p -> p.getFileName().toString().matches("PB[0-9A-Z]{6}\\.properties"))
                    .sorted().toList()) {
                loaded.add(SimulatedBand.load(f, clock));
            }
        }
        return loaded;
    }
}

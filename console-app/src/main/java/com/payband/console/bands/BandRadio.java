package com.payband.console.bands;

import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.band.BandSerial;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.band.protocol.DeviceCertificates;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The radio bands are reached through, with the manufacturers trusted through it. Staff may choose another radio
 * while an operation is under way: each operation {@linkplain #lease() leases} the radio current when it starts and
 * keeps it (transport, trust and the simulated marking together) to its end; a radio given up is closed once its
 * last operation ends.
 */
public final class BandRadio implements AutoCloseable {

    /** Bands one scan remembers at most: the weakest is forgotten first. */
    static final int MAX_HEARD = 1024;
    /** How often a scan's listener hears of changes at most: more often than any list is redrawn. */
    static final long LIVE_EVERY_NANOS = 25_000_000L;
    /** The first bands heard reach the listener at once each (a quiet shop's list fills as they are heard). */
    static final int FIRST_HEARD_ALWAYS = 16;
    private final Clock clock;
    private final Duration timeout;
    private volatile Reach current;

    /**
     * @param simulated   whether what this radio reaches is the simulator's (marked so on every binding made through it)
     * @param closeWithIt whether the transport ends with this radio (the simulator's own radio outlives it)
     */
    public BandRadio(BleTransport transport, DeviceCertificates manufacturers, boolean simulated, boolean closeWithIt,
            Clock clock, Duration timeout) {
        this.current = new Reach(transport, manufacturers, simulated, closeWithIt);
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Whether the radio in use now reaches the simulator's bands; an operation asks its {@link Lease} instead. */
    public boolean simulated() {
        return current.simulated;
    }

    /**
     * From now on bands are reached through this transport, trusting these manufacturers. The radio used so far is
     * closed (if it is to be) once the operations that leased it have ended.
     *
     * @param simulated   true only where the trusted manufacturer is the simulator's own: trust and marking go together,
     *                    so that a band made with the simulator's key is never taken for a real one
     */
    public void use(BleTransport transport, DeviceCertificates manufacturers, boolean simulated, boolean closeWithIt) {
        Reach previous = current;
        current = new Reach(transport, manufacturers, simulated, closeWithIt);
        previous.retire();
    }

    /** The radio current now, kept for one operation: close the lease when the operation ends. */
    public Lease lease() {
        while (true) {
            Reach reach = current;
            if (reach.acquire()) {
                return new Lease(reach);
            }
            // given up between the read and the lease: the next read sees the radio that replaced it
        }
    }

    /** See {@link Lease#scan}. */
    public List<BandAdvertisement> scan(Duration duration, Consumer<List<BandAdvertisement>> live) throws BandException {
        try (Lease lease = lease()) {
            return lease.scan(duration, live);
        }
    }

    /** See {@link Lease#find}. */
    public Optional<BandAdvertisement> find(BandSerial serial, Duration within) throws BandException {
        try (Lease lease = lease()) {
            return lease.find(serial, within);
        }
    }

    /** The console is closing: the radio in use ends now, even under an operation (which then fails as link lost). */
    @Override
    public void close() {
        current.end();
    }

    /** One transport with its trust; closed when given up and no longer leased. */
    private static final class Reach {
        private final BleTransport transport;
        private final DeviceCertificates manufacturers;
        private final boolean simulated;
        private final boolean closeWithIt;
        private int leases;
        private boolean retired;
        private boolean closed;

        Reach(BleTransport transport, DeviceCertificates manufacturers, boolean simulated, boolean closeWithIt) {
            this.transport = transport;
            this.manufacturers = manufacturers;
            this.simulated = simulated;
            this.closeWithIt = closeWithIt;
        }

        synchronized boolean acquire() {
            if (retired) {
                return false;
            }
            leases++;
            return true;
        }

        void release() {
            boolean close;
            synchronized (this) {
                leases--;
                close = retired && leases == 0 && !closed;
                closed |= close;
            }
            if (close) {
                closeTransport();
            }
        }

        void retire() {
            boolean close;
            synchronized (this) {
                if (retired) {
                    return;
                }
                retired = true;
                close = leases == 0;
                closed |= close;
            }
            if (close) {
                closeTransport();
            }
        }

        void end() {
            synchronized (this) {
                retired = true;
                if (closed) {
                    return;
                }
                closed = true;
            }
            closeTransport();
        }

        private void closeTransport() {
            if (closeWithIt) {
                transport.close();
            }
        }
    }

    /** The radio one operation started with: the bands it finds, opens and marks all come through it. */
    public final class Lease implements AutoCloseable {
        private final Reach reach;
        private boolean released;

        private Lease(Reach reach) {
            this.reach = reach;
        }

        /** Whether the bands reached through this lease are the simulator's. */
        public boolean simulated() {
            return reach.simulated;
        }

        /**
         * Listens for {@code duration}; as the picture changes the listener gets every band heard so far, strongest
         * signal first (the one on the counter tops a crowded shop's list), at most every {@link #LIVE_EVERY_NANOS}
         * and whenever a band is heard for the first time; the scan's result has them all.
         */
        public List<BandAdvertisement> scan(Duration duration, Consumer<List<BandAdvertisement>> live)
                throws BandException {
            Map<BandSerial, BandAdvertisement> heard = new LinkedHashMap<>();
            long[] livedAt = {System.nanoTime() - LIVE_EVERY_NANOS};
            try (BleTransport.Scan scan = reach.transport.scan(ad -> BandAdvertisement.of(ad).ifPresent(band -> {
                List<BandAdvertisement> snapshot;
                synchronized (heard) {
                    boolean fresh = heard.put(band.serial(), band) == null;
                    if (heard.size() > MAX_HEARD) {
                        // a flood of serials (a stock room, or someone advertising made-up ones) costs no more memory
                        heard.values().stream().min(Comparator.comparingInt(BandAdvertisement::rssi))
                                .ifPresent(weakest -> heard.remove(weakest.serial()));
                    }
                    long now = System.nanoTime();
                    // a crowd's first burst (hundreds at once) is not sorted once per advertisement
                    if (now - livedAt[0] < LIVE_EVERY_NANOS && !(fresh && heard.size() <= FIRST_HEARD_ALWAYS)) {
                        return;
                    }
                    livedAt[0] = now;
                    snapshot = sorted(heard);
                }
                live.accept(snapshot);
            }))) {
                TimeUnit.MILLISECONDS.sleep(duration.toMillis());
            } catch (BleException e) {
                throw new BandException(BandException.Kind.RADIO_UNAVAILABLE, "scan", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (heard) {
                return sorted(heard);
            }
        }

        /** Listens until this band is heard (its serial typed or scanned from its box), at most {@code within}. */
        public Optional<BandAdvertisement> find(BandSerial serial, Duration within) throws BandException {
            CountDownLatch found = new CountDownLatch(1);
            BandAdvertisement[] result = new BandAdvertisement[1];
            try (BleTransport.Scan scan = reach.transport.scan(ad -> BandAdvertisement.of(ad)
                    .filter(b -> b.serial().equals(serial)).ifPresent(b -> {
                        result[0] = b;
                        found.countDown();
                    }))) {
                found.await(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (BleException e) {
                throw new BandException(BandException.Kind.RADIO_UNAVAILABLE, "scan", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.ofNullable(result[0]);
        }

        /**
         * An attested session with the band; refused as COUNTERFEIT before anything else if it is not genuine, that is
         * not made by a manufacturer trusted through this radio.
         */
        public BandClient open(BandAdvertisement band) throws BandException {
            return BandClient.open(reach.transport, band.address(), reach.manufacturers, clock, timeout);
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                reach.release();
            }
        }
    }

    private static List<BandAdvertisement> sorted(Map<BandSerial, BandAdvertisement> heard) {
        return heard.values().stream().sorted(Comparator.comparingInt(BandAdvertisement::rssi).reversed()).toList();
    }
}

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

/** A radio and the manufacturers the console trusts: scans for bands and opens attested sessions. */
public final class BandRadio implements AutoCloseable {

    /** Swapped when staff choose another radio in Settings; each operation uses the one current when it starts. */
    private volatile BleTransport transport;
    /** Bands one scan remembers at most: the weakest is forgotten first. */
    static final int MAX_HEARD = 1024;
    private final DeviceCertificates manufacturers;
    private final Clock clock;
    private final Duration timeout;

    public BandRadio(BleTransport transport, DeviceCertificates manufacturers, Clock clock, Duration timeout) {
        this.transport = transport;
        this.manufacturers = manufacturers;
        this.clock = clock;
        this.timeout = timeout;
    }

    public boolean simulated() {
        return transport.simulated();
    }

    /** From now on bands are reached through this transport; returns the one used so far (the caller closes it). */
    public BleTransport use(BleTransport next) {
        BleTransport previous = transport;
        transport = next;
        return previous;
    }

    /**
     * Listens for {@code duration}; each time the picture changes the listener gets every band heard so far,
     * strongest signal first (the one on the counter tops a crowded shop's list).
     */
    public List<BandAdvertisement> scan(Duration duration, Consumer<List<BandAdvertisement>> live) throws BandException {
        Map<BandSerial, BandAdvertisement> heard = new LinkedHashMap<>();
        try (BleTransport.Scan scan = transport.scan(ad -> BandAdvertisement.of(ad).ifPresent(band -> {
            List<BandAdvertisement> snapshot;
            synchronized (heard) {
                heard.put(band.serial(), band);
                if (heard.size() > MAX_HEARD) {
                    // a flood of serials (a stock room, or someone advertising made-up ones) costs no more memory
                    heard.values().stream().min(Comparator.comparingInt(BandAdvertisement::rssi))
                            .ifPresent(weakest -> heard.remove(weakest.serial()));
                }
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
        try (BleTransport.Scan scan = transport.scan(ad -> BandAdvertisement.of(ad)
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

    /** An attested session with the band; refused as COUNTERFEIT before anything else if it is not genuine. */
    public BandClient open(BandAdvertisement band) throws BandException {
        return BandClient.open(transport, band.address(), manufacturers, clock, timeout);
    }

    private static List<BandAdvertisement> sorted(Map<BandSerial, BandAdvertisement> heard) {
        return heard.values().stream().sorted(Comparator.comparingInt(BandAdvertisement::rssi).reversed()).toList();
    }

    @Override
    public void close() {
        transport.close();
    }
}

package com.payband.drivers.band.sim;

import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.protocol.DeviceCertificates;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * A phone with the PayBand app, simulated: it pairs with a band (the owner's phone at enrollment, or a
 * thief's phone trying a stolen band) and unlocks it on the wrist.
 */
public final class SimulatedPhone {

    private final UUID id;
    private final BleTransport radio;
    private final DeviceCertificates manufacturers;
    private final Clock clock;

    public SimulatedPhone(UUID id, BleTransport radio, DeviceCertificates manufacturers, Clock clock) {
        this.id = id;
        this.radio = radio;
        this.manufacturers = manufacturers;
        this.clock = clock;
    }

    public UUID id() {
        return id;
    }

    /** Pairs with the band at this address; refused when another phone holds the band's slot. */
    public void pair(String address) throws BandException {
        try (BandClient band = BandClient.open(radio, address, manufacturers, clock, Duration.ofSeconds(5))) {
            band.pairPhone(id);
        }
    }

    /** Unlocks the band on its wearer's wrist, so that it pays. */
    public void unlock(String address) throws BandException {
        try (BandClient band = BandClient.open(radio, address, manufacturers, clock, Duration.ofSeconds(5))) {
            band.unlock(id);
        }
    }
}

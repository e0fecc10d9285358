package com.payband.drivers.band.ble;

import java.time.Duration;
import java.util.function.Consumer;

/** A BLE radio: finds devices by their advertisements and connects to them. Thread-safe. */
public interface BleTransport extends AutoCloseable {

    /** Starts scanning; each advertisement seen (repeatedly, as devices advertise) goes to the listener. */
    Scan scan(Consumer<Advertisement> listener) throws BleException;

    /** Connects, negotiates nothing yet: the caller asks for the MTU it wants. */
    BleConnection connect(String address, Duration timeout) throws BleException;

    @Override
    void close();

    /** A running scan; closing it stops the scan. */
    @FunctionalInterface
    interface Scan extends AutoCloseable {
        @Override
        void close();
    }
}

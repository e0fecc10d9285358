package com.payband.drivers.band.ble;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** A connection to one device: GATT operations, each with a timeout; link loss is reported, not hidden. */
public interface BleConnection extends AutoCloseable {

    String address();

    /** The ATT MTU in use (23 until negotiated). */
    int mtu();

    /** Asks for a larger MTU; returns the one both sides agreed. */
    int requestMtu(int mtu, Duration timeout) throws BleException;

    List<GattService> discoverServices(Duration timeout) throws BleException;

    byte[] read(UUID service, UUID characteristic, Duration timeout) throws BleException;

    /** A write with response: returns when the device acknowledged it. */
    void write(UUID service, UUID characteristic, byte[] value, Duration timeout) throws BleException;

    /** Enables notifications or indications; values arrive on a transport thread, in order. */
    void subscribe(UUID service, UUID characteristic, Consumer<byte[]> listener, Duration timeout) throws BleException;

    /** Called once, on a transport thread, when the link drops without {@link #close()}. */
    void onLinkLost(Runnable listener);

    /** Signal strength of the link now, dBm. */
    int rssi();

    boolean connected();

    /** Disconnects. */
    @Override
    void close();
}

package com.payband.drivers.band;

import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.band.protocol.BandUuids;
import com.payband.band.protocol.Fragments;
import com.payband.band.protocol.ProtocolException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request and response on the Control Point: a message is written in fragments, the answer comes back in
 * fragments as indications. One request at a time; a dropped link fails the request in progress.
 */
final class BandLink {

    private final BleConnection connection;
    private final Fragments.Assembly assembly = new Fragments.Assembly();
    private volatile CompletableFuture<byte[]> pending;
    private volatile boolean lost;

    private BandLink(BleConnection connection) {
        this.connection = connection;
    }

    static BandLink open(BleConnection connection, Duration timeout) throws BandException {
        BandLink link = new BandLink(connection);
        connection.onLinkLost(link::linkLost);
        try {
            connection.subscribe(BandUuids.SERVICE, BandUuids.CONTROL_POINT, link::indication, timeout);
        } catch (BleException e) {
            throw BandClient.translate(e, "subscribe to the control point");
        }
        return link;
    }

    synchronized byte[] exchange(byte[] message, Duration timeout, String what) throws BandException {
        if (lost || !connection.connected()) {
            throw new BandException(BandException.Kind.LINK_LOST, what);
        }
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        pending = answer;
        try {
            for (byte[] fragment : Fragments.split(message, connection.mtu())) {
                connection.write(BandUuids.SERVICE, BandUuids.CONTROL_POINT, fragment, timeout);
            }
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (BleException e) {
            throw BandClient.translate(e, what);
        } catch (TimeoutException e) {
            throw new BandException(BandException.Kind.TIMEOUT, what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BandException b) {
                throw b;
            }
            throw new BandException(BandException.Kind.PROTOCOL, what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BandException(BandException.Kind.TIMEOUT, what + " (interrupted)");
        } finally {
            pending = null;
        }
    }

    private void indication(byte[] fragment) {
        CompletableFuture<byte[]> answer = pending;
        try {
            byte[] message = assembly.accept(fragment);
            if (message != null && answer != null) {
                answer.complete(message);
            }
        } catch (ProtocolException e) {
            if (answer != null) {
                answer.completeExceptionally(new BandException(BandException.Kind.PROTOCOL, e.getMessage(), e));
            }
        }
    }

    private void linkLost() {
        lost = true;
        CompletableFuture<byte[]> answer = pending;
        if (answer != null) {
            answer.completeExceptionally(new BandException(BandException.Kind.LINK_LOST, "link lost"));
        }
    }

    boolean lost() {
        return lost;
    }
}

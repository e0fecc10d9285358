package com.payband.console.bands;

import com.payband.drivers.band.ble.host.HostedBleTransport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the window shows about the band radio: the transport in use and, for TinyB, the Bluetooth driver's (the BLE
 * host's) last health report: started on which adapter, stopped, restarted, or unavailable and why.
 */
public final class BluetoothStatus {

    /** A snapshot; {@code health} is empty until the driver first starts (it starts at the first scan). */
    public record State(BandTransport transport, Optional<HostedBleTransport.Health> health, int restarts) {
    }

    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = new State(BandTransport.SIMULATED, Optional.empty(), 0);

    public State state() {
        return state;
    }

    /** Called on the thread that made the change: a UI listener hands it to its own thread. */
    public void onChange(Consumer<State> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<State> listener) {
        listeners.remove(listener);
    }

    public synchronized void transport(BandTransport transport) {
        publish(new State(transport, Optional.empty(), 0));
    }

    public synchronized void health(HostedBleTransport.Health health) {
        State s = state;
        int restarts = s.restarts() + (health.event() == HostedBleTransport.HealthEvent.RESTARTED ? 1 : 0);
        publish(new State(s.transport(), Optional.of(health), restarts));
    }

    private void publish(State s) {
        state = s;
        listeners.forEach(l -> l.accept(s));
    }
}

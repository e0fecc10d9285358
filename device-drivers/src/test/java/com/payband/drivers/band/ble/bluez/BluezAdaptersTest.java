package com.payband.drivers.band.ble.bluez;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.band.ble.bluez.sim.BluezStandIn;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import java.nio.file.Path;
import java.util.Map;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapters as a technician lists them, read through BlueZ's real D-Bus API from a real dbus-daemon, with the
 * project's BlueZ stand-in owning org.bluez: dongles plugged, switched on and off, pulled out; BlueZ not running;
 * no bus at all.
 */
class BluezAdaptersTest {

    @TempDir
    Path dir;

    private PrivateBus bus;

    @BeforeEach
    void startBus() throws Exception {
        bus = PrivateBus.start(dir);
    }

    @AfterEach
    void stopBus() throws Exception {
        bus.close();
    }

    @Test
    void theAdaptersBlueZKnowsAreListedByNameWithAddressAliasAndPower() throws Exception {
        try (BluezStandIn bluez = BluezStandIn.start(bus.address())) {
            assertThat(BluezAdapters.list(bus.address())).isEmpty(); // bluetoothd up, no dongle yet
            bluez.plug("hci1", "00:1A:7D:DA:71:14", "Till 2", false);
            bluez.plug("hci0", "00:1A:7D:DA:71:13", "Store dongle", true);

            assertThat(BluezAdapters.list(bus.address())).containsExactly(
                    new BluetoothAdapter("hci0", "00:1A:7D:DA:71:13", "Store dongle", true, false),
                    new BluetoothAdapter("hci1", "00:1A:7D:DA:71:14", "Till 2", false, false));

            // switched on as any D-Bus client does it (what the BLE host will do), then pulled out
            try (DBusConnection client = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build()) {
                client.getRemoteObject("org.bluez", "/org/bluez/hci1", Properties.class)
                        .Set("org.bluez.Adapter1", "Powered", new Variant<>(true));
            }
            assertThat(BluezAdapters.list(bus.address())).extracting(BluetoothAdapter::powered).containsExactly(true, true);
            bluez.unplug("hci0");
            assertThat(BluezAdapters.list(bus.address())).extracting(BluetoothAdapter::name).containsExactly("hci1");
        }
    }

    @Test
    void aBusWithoutBlueZSaysBlueZIsNotRunning() throws Exception {
        BluezStandIn.start(bus.address()).close(); // bluetoothd came and went
        assertThatThrownBy(() -> BluezAdapters.list(bus.address()))
                .isInstanceOfSatisfying(BluezException.class, e -> assertThat(e.reason())
                        .isEqualTo(BluezException.Reason.BLUEZ_NOT_RUNNING));
    }

    @Test
    void noBusAtTheAddressSaysSo() {
        assertThatThrownBy(() -> BluezAdapters.list("unix:path=" + dir.resolve("no-such-bus.sock")))
                .isInstanceOfSatisfying(BluezException.class, e -> assertThat(e.reason())
                        .isEqualTo(BluezException.Reason.BUS_UNAVAILABLE));
    }

    @Test
    void anAdapterWithoutAnAddressIsAnUnexpectedAnswerNotACrash() throws Exception {
        try (BluezStandIn bluez = BluezStandIn.start(bus.address())) {
            bluez.plug("hci0", "", "Broken", true);
            assertThatThrownBy(() -> BluezAdapters.list(bus.address()))
                    .isInstanceOfSatisfying(BluezException.class, e -> assertThat(e.reason())
                            .isEqualTo(BluezException.Reason.UNEXPECTED_ANSWER));
        }
    }

    @Test
    void theStandInRefusesAScanWithTheRadioOffAsBlueZDoes() throws Exception {
        try (BluezStandIn bluez = BluezStandIn.start(bus.address());
                DBusConnection client = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build()) {
            bluez.plug("hci0", "00:1A:7D:DA:71:13", "Store dongle", false);
            var adapter = client.getRemoteObject("org.bluez", "/org/bluez/hci0",
                    com.payband.drivers.band.ble.bluez.sim.Adapter1.class);
            assertThatThrownBy(adapter::StartDiscovery).hasMessageContaining("Not Ready");
            client.getRemoteObject("org.bluez", "/org/bluez/hci0", Properties.class)
                    .Set("org.bluez.Adapter1", "Powered", new Variant<>(true));
            adapter.StartDiscovery();
            Map<String, Variant<?>> now = client.getRemoteObject("org.bluez", "/org/bluez/hci0", Properties.class)
                    .GetAll("org.bluez.Adapter1");
            assertThat(now.get("Discovering").getValue()).isEqualTo(true);
            assertThat(BluezAdapters.list(bus.address())).extracting(BluetoothAdapter::discovering).containsExactly(true);
        }
    }
}

package com.payband.console.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.bands.BandTransport;
import com.payband.console.staff.Role;
import com.payband.console.ui.ConsoleWindow;
import com.payband.drivers.band.ble.bluez.BluezAdapters;
import com.payband.drivers.band.ble.bluez.sim.BluezStandIn;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A till with two Bluetooth adapters (a built-in one and the store's dongle): the dongle is chosen in Settings, by
 * name, and the Bluetooth driver runs on it through TinyB and BlueZ, the other adapter left alone. The system bus is
 * the one every D-Bus client finds, {@code DBUS_SYSTEM_BUS_ADDRESS}: the build points it at a socket of its own
 * (console-app/pom.xml), where this test starts a dbus-daemon with the BlueZ stand-in on it.
 */
class BluetoothDongleSettingsTest {

    @TempDir
    Path dir;

    private ConsoleWindow window;
    private ConsoleServices store;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theDongleChosenInSettingsIsTheAdapterTheDriverRunsOnAndTheChoiceIsKept() throws Exception {
        String systemBus = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
        assertThat(systemBus).as("the build's own system bus (console-app/pom.xml)").startsWith("unix:path=")
                .endsWith("/bus.sock");
        Path busFolder = Files.createDirectories(Path.of(systemBus.substring("unix:path=".length())).getParent());
        try (PrivateBus bus = PrivateBus.start(busFolder); BluezStandIn bluez = BluezStandIn.start(bus.address())) {
            bluez.plug("hci0", "00:1A:7D:DA:71:13", "Built-in Bluetooth", false);
            bluez.plug("hci1", "00:1A:7D:DA:71:14", "Store dongle", false);
            store = TestStores.registered(dir.resolve("store"));
            TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
            window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));

            window.pickRadio(BandTransport.Kind.TINYB);
            assertThat(window.node("#bleAdapter").isDisabled()).as("a dongle is chosen by its adapter").isFalse();

            // a mistyped name is said, and the radio in use stays what it was
            window.type("#bleAdapter", "hci 1");
            window.click("#useRadio");
            window.waitFor(() -> window.text("#radioProblem").contains("is not an adapter name"),
                    "a mistyped adapter is refused");
            assertThat(window.text("#radioProblem")).contains("\"hci 1\"");
            assertThat(window.context().radioChoice().kind()).isEqualTo(BandTransport.Kind.SIM);

            window.type("#bleAdapter", "hci1");
            window.click("#useRadio");
            window.waitFor(() -> window.text("#radioNotice").contains("Bluetooth dongle"), "the radio in use, said");
            assertThat(window.text("#radioProblem")).isEmpty();
            window.waitFor(() -> window.text("#radioState").contains("driver running on hci1"),
                    "the driver runs on the adapter chosen");
            assertThat(window.context().radioChoice())
                    .isEqualTo(new BandTransport(BandTransport.Kind.TINYB, Optional.of("hci1")));
            // the driver switched the dongle's radio on, and left the built-in adapter as it was
            assertThat(BluezAdapters.list(bus.address())).extracting(a -> a.name() + "=" + a.powered())
                    .contains("hci1=true", "hci0=false");
            window.click("#nav-HOME");
            window.waitFor(() -> window.text("#homeRadio").contains("driver running on hci1"),
                    "the home screen shows the dongle's driver");

            // a dongle belongs to its computer: the choice is kept with this workstation's window preferences
            Properties kept = new Properties();
            try (Reader in = Files.newBufferedReader(dir.resolve("store").resolve("window.properties"))) {
                kept.load(in);
            }
            assertThat(kept.getProperty("radio")).isEqualTo("tinyb:hci1");
            close(); // the driver stopped before its BlueZ goes
            window = null;
            store = null;
        }
    }
}

package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.bands.BandTransport;
import com.payband.console.binding.BindingState;
import com.payband.console.staff.Role;
import com.payband.console.ui.ConsoleWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard binds a band through the real Bluetooth driver path, chosen in Settings: TinyB's natives in the BLE host
 * process, the console's BlueZ stand-in on a real dbus-daemon, the simulator's band behind it. The driver is killed
 * (SIGKILL, as a crash of TinyB's natives) at the moment the band has taken the bind: the console starts a new
 * driver, asks the band, finishes the binding, and the window says the driver restarted.
 */
public class BluetoothEnrollmentTest {

    @TempDir
    Path dir;

    private ConsoleWindow window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void theWizardBindsThroughTheBluetoothDriverAndFinishesABindTheDriverDiedIn() throws Exception {
        ConsoleServices store = TestStores.registered(dir.resolve("store"));
        TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));

        window.pickRadio(BandTransport.Kind.TINYB_STAND_IN);
        assertThat(window.node("#bleAdapter").isDisabled()).as("an adapter is chosen for a dongle only").isTrue();
        window.click("#useRadio");
        window.waitFor(() -> window.text("#radioNotice").contains("BlueZ stand-in"), "the radio in use, said");
        assertThat(window.text("#radioState")).contains("BlueZ stand-in");
        // its driver starts with the choice, before any scan: Settings says it runs
        window.waitFor(() -> window.text("#radioState").contains("driver running on hci0"),
                "the Bluetooth driver started once the radio was chosen");
        assertThat(window.context().radioChoice().kind()).isEqualTo(BandTransport.Kind.TINYB_STAND_IN);
        assertThat(Files.readString(dir.resolve("store").resolve("window.properties"))).contains("radio=tinyb-stand-in");
        // the home screen's tile says the same, live
        window.click("#nav-HOME");
        window.waitFor(() -> window.text("#homeRadio").contains("driver running on hci0"),
                "the home screen shows the Bluetooth driver");

        // PB600001 drops the link once it has taken a bind; at that moment the driver dies too
        List<Long> killed = new CopyOnWriteArrayList<>();
        store.simulator().bluez().orElseThrow().onReply((serial, reply) -> {
            if (reply.dropLink()) {
                killed.addAll(killBluetoothDriver());
            }
        });
        window.readCardAndTakeConsent();
        window.click("#simulatePhone");
        window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone");
        window.click("#wizardNext");
        window.chooseBandAndBind("PB600001");
        window.waitForVisible("#simulateCustomer");
        assertThat(killed).as("the driver was killed mid-bind").hasSize(1);
        assertThat(window.text("#boundNote")).contains("link dropped");
        assertThat(store.lifecycle().latestBindingOfBand("PB600001").orElseThrow().state())
                .isEqualTo(BindingState.ACTIVE);
        assertThat(store.simulator().radio().band(new BandSerial("PB600001")).orElseThrow().state())
                .isEqualTo(BandState.BOUND);
        assertThat(window.text("#statusRadio")).contains("Bluetooth driver restarted (1×)");
        assertThat(store.lifecycle().latestBindingOfBand("PB600001").orElseThrow().simulated())
                .as("the stand-in's bands stay marked simulated, on the binding itself").isTrue();
    }

    /**
     * SIGKILL for the console's BLE host process, as a crash of TinyB's natives ends it: the one Java process among
     * this JVM's children (the others are the training bus's shell and dbus-daemon). Its long class path keeps its command line out of reach.
     */
    public static List<Long> killBluetoothDriver() {
        List<Long> pids = ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).map(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                    return p.pid();
                }).toList();
        return pids;
    }
}

package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The band commands through the real Bluetooth driver path: {@code --transport tinyb-stand-in} starts TinyB's
 * natives in the BLE host process against the console's own BlueZ stand-in (a real dbus-daemon), which plays the
 * simulator's bands; {@code --transport tinyb} goes to the system bus's BlueZ, here a private bus with none.
 */
class CommandLineTinyBTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static PaybandProcess clerk;
    static com.payband.console.sync.TestBackend backend;

    @BeforeAll
    static void store() throws Exception {
        backend = com.payband.console.sync.TestBackend.start(temp.resolve("backend"));
        clerk = CommandLineBandTest.deskOfNewStore(temp.resolve("data"), "passphrase of the tinyb test", backend);
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theSampleBandsAreScannedAndABandEnrolledThroughTinyBAndBlueZ() throws Exception {
        JsonNode bands = JSON.readTree(clerk.run("band", "scan", "--transport", "tinyb-stand-in", "--seconds", "3",
                "--json").expectSuccess().stdout()).get("bands");
        List<String> serials = new ArrayList<>();
        bands.forEach(b -> {
            serials.add(b.get("serial").asText());
            // the stand-in's bands are the simulator's: marked so, whatever driver reached them
            assertThat(b.get("simulated").asBoolean()).isTrue();
        });
        assertThat(serials).contains("PB100001", "PB200001", "PB300001");

        JsonNode enrolled = JSON.readTree(clerk.run("enroll", "--sim", "--transport", "tinyb-stand-in", "--card",
                "zhang-wei", "--band", "PB100003", "--json").expectSuccess().stdout());
        assertThat(enrolled.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(enrolled.get("payment").asText()).isEqualTo("ACCEPTED");
        assertThat(enrolled.get("simulated").asBoolean()).isTrue();
        // the band itself says so through the simulated radio, which reaches the very same band
        JsonNode info = JSON.readTree(clerk.run("band", "info", "PB100003", "--sim", "--json").expectSuccess().stdout());
        assertThat(info.get("state").asText()).isEqualTo("BOUND");
        assertThat(info.get("bindingState").asText()).isEqualTo("ACTIVE");
        // the driver's own words (and TinyB's and GLib's) go to its log, never into the command's output (parsed as
        // JSON above)
        assertThat(Files.readString(clerk.dataFolder().resolve("logs").resolve("ble-host.log")))
                .contains("PayBand BLE host", "TinyB 0.5.0", "on hci0");
    }

    /**
     * PB600001, a flaky sample unit, drops the link once it has taken a bind: through TinyB and BlueZ the enrollment
     * still finishes (the band is asked what it holds, the one driver carries on), and the support desk's commands
     * and {@code band reconcile} reach the band through the same driver.
     */
    @Test
    void aBindWhoseLinkDropsFinishesAndTheSupportCommandsReachTheBandThroughTinyB() throws Exception {
        String enrolled = clerk.run("enroll", "--sim", "--transport", "tinyb-stand-in", "--card", "ayigul", "--band",
                "PB600001").expectSuccess().stdout();
        assertThat(enrolled).contains("The link dropped: asking the band what it holds", "PB600001");
        JsonNode info = JSON.readTree(clerk.run("band", "info", "PB600001", "--transport", "tinyb-stand-in", "--json")
                .expectSuccess().stdout());
        assertThat(info.get("state").asText()).isEqualTo("BOUND");
        assertThat(info.get("bindingState").asText()).isEqualTo("ACTIVE");
        assertThat(info.get("phoneLinked").asBoolean()).isTrue();

        // her phone was stolen: the desk unlinks it from the band, through the driver
        assertThat(clerk.run("lifecycle", "unlink-phone", "--transport", "tinyb-stand-in", "--band", "PB600001",
                "--card", "ayigul", "--reason", "STOLEN").expectSuccess().stdout()).contains("has no phone linked now");
        JsonNode after = JSON.readTree(clerk.run("band", "info", "PB600001", "--sim", "--json").expectSuccess()
                .stdout());
        assertThat(after.get("phoneLinked").asBoolean()).as("the band itself forgot the phone").isFalse();
        assertThat(clerk.run("band", "reconcile", "--transport", "tinyb-stand-in").expectSuccess().stdout())
                .contains("No unfinished bind");

        // the band is stolen and handed back: the desk resets it through the driver (the band's answer heard before
        // it drops the link), and it is found again by its serial at the new address its reset drew
        String addressBefore = scanned("PB600001").get("address").asText();
        clerk.run("lifecycle", "report-stolen", "--band", "PB600001").expectSuccess();
        JsonNode reset = JSON.readTree(clerk.run("lifecycle", "reset", "--transport", "tinyb-stand-in", "--band",
                "PB600001", "--owner-card", "ayigul", "--json").expectSuccess().stdout());
        assertThat(reset.get("state").asText()).isEqualTo("FACTORY");
        assertThat(reset.get("confirmedOnReconnect").asBoolean()).as("the band's own answer to RESET was heard")
                .isFalse();
        JsonNode heard = scanned("PB600001");
        assertThat(heard.get("state").asText()).isEqualTo("FACTORY");
        assertThat(heard.get("address").asText()).isNotEqualToIgnoringCase(addressBefore);
        assertThat(JSON.readTree(clerk.run("band", "info", "PB600001", "--transport", "tinyb-stand-in", "--json")
                .expectSuccess().stdout()).get("state").asText()).isEqualTo("FACTORY");
    }

    /** This band as a scan through TinyB lists it (the list has one row per serial). */
    private static JsonNode scanned(String serial) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        JSON.readTree(clerk.run("band", "scan", "--transport", "tinyb-stand-in", "--seconds", "3", "--json")
                .expectSuccess().stdout()).get("bands").forEach(b -> {
                    if (b.get("serial").asText().equals(serial)) {
                        found.add(b);
                    }
                });
        assertThat(found).as(serial + " heard").isNotEmpty();
        return found.get(0);
    }

    /** The sample bands the store's simulator made (its manufacturer key in the data folder), for a BlueZ to play. */
    private static List<com.payband.drivers.band.sim.SimulatedBand> sampleBands() throws Exception {
        return com.payband.drivers.band.sim.SimulatedRadio.loadAll(clerk.dataFolder().resolve("simulator")
                .resolve("bands"), java.time.Clock.systemUTC());
    }

    /** A till with two dongles: {@code --adapter} names the one a command uses, by name or by address. */
    @Test
    void theAdapterNamedOnTheCommandLineIsTheOneThatScans() throws Exception {
        List<com.payband.drivers.band.sim.SimulatedBand> minted = sampleBands();
        try (PrivateBus bus = PrivateBus.start(Files.createDirectories(temp.resolve("two-dongles-bus")));
                com.payband.drivers.band.ble.bluez.sim.BluezStandIn bluez =
                        com.payband.drivers.band.ble.bluez.sim.BluezStandIn.start(bus.address())) {
            bluez.plug("hci0", "00:1A:7D:DA:71:13", "Built-in", true);
            bluez.plug("hci1", "F0:0D:5E:ED:00:02", "Store dongle", false);
            for (var band : minted) {
                bluez.inRange(band.serial().value().equals("PB100002") ? "hci1" : "hci0", band, -45);
            }
            PaybandProcess till = clerk.env("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
            for (String adapter : List.of("hci1", "f0:0d:5e:ed:00:02")) {
                JsonNode heard = JSON.readTree(till.run("band", "scan", "--transport", "tinyb", "--adapter", adapter,
                        "--seconds", "3", "--json").expectSuccess().stdout()).get("bands");
                assertThat(heard.findValuesAsText("serial")).as("heard through " + adapter).containsExactly("PB100002");
            }
            JsonNode first = JSON.readTree(till.run("band", "scan", "--transport", "tinyb", "--adapter", "hci0",
                    "--seconds", "3", "--json").expectSuccess().stdout()).get("bands");
            assertThat(first.findValuesAsText("serial")).contains("PB100001").doesNotContain("PB100002");
            // the dongle that was off was switched on to scan
            JsonNode adapters = JSON.readTree(till.run("ble", "adapters", "--json").expectSuccess().stdout())
                    .get("adapters");
            List<String> powered = new ArrayList<>();
            adapters.forEach(a -> powered.add(a.get("name").asText() + "=" + a.get("powered").asBoolean()));
            assertThat(powered).containsExactlyInAnyOrder("hci0=true", "hci1=true");
        }
    }

    /**
     * A clerk with the data folder holds the simulator's manufacturer key: bands made with it, played by a BlueZ of
     * their own on DBUS_SYSTEM_BUS_ADDRESS, must not pass for real bands through the real radio.
     */
    @Test
    void throughTheRealRadioTheSimulatorsBandsAreNotGenuineWhateverBlueZPlaysThem() throws Exception {
        List<com.payband.drivers.band.sim.SimulatedBand> minted = sampleBands();
        try (PrivateBus bus = PrivateBus.start(Files.createDirectories(temp.resolve("rogue-bus")));
                com.payband.drivers.band.ble.bluez.sim.BluezStandIn rogue =
                        com.payband.drivers.band.ble.bluez.sim.BluezStandIn.start(bus.address())) {
            rogue.plug("hci0", "00:1A:7D:DA:71:99", "a BlueZ of the clerk's own", true);
            minted.forEach(band -> rogue.inRange("hci0", band, -45));
            PaybandProcess viaRogue = clerk.env("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
            // heard through TinyB: the driver works, and a scan attests nothing
            JsonNode heard = JSON.readTree(viaRogue.run("band", "scan", "--transport", "tinyb", "--seconds", "3",
                    "--json").expectSuccess().stdout()).get("bands");
            assertThat(heard.findValuesAsText("serial")).contains("PB100001");
            // attested: the simulator's manufacturer is not trusted through a real radio
            String said = viaRogue.run("band", "info", "PB100001", "--transport", "tinyb", "--json")
                    .expectFailure(ExitCode.BAND_REFUSED);
            assertThat(said).contains("not genuine");
        }
        // the same band through the simulator is the simulator's, and marked so
        JsonNode info = JSON.readTree(clerk.run("band", "info", "PB100001", "--sim", "--json").expectSuccess().stdout());
        assertThat(info.get("simulated").asBoolean()).isTrue();
    }

    @Test
    void withoutBlueZOnTheSystemBusTheCommandSaysTheRadioIsUnavailable() throws Exception {
        try (PrivateBus bus = PrivateBus.start(Files.createDirectories(temp.resolve("empty-bus")))) {
            String said = clerk.env("DBUS_SYSTEM_BUS_ADDRESS", bus.address())
                    .run("band", "info", "PB100001", "--transport", "tinyb", "--json")
                    .expectFailure(ExitCode.BAND_UNREACHABLE);
            // the driver's reason, in words: not a bare "radio not available"
            assertThat(said).contains("Bluetooth service (BlueZ, bluetoothd) is not running");
        }
        assertThat(clerk.run("band", "scan", "--transport", "bluetooth").expectFailure(ExitCode.USAGE))
                .contains("sim, tinyb or tinyb-stand-in");
        assertThat(clerk.run("band", "scan", "--sim", "--adapter", "hci1").expectFailure(ExitCode.USAGE))
                .contains("--transport tinyb only");
        assertThat(clerk.run("band", "scan").expectFailure(ExitCode.USAGE)).contains("--transport tinyb");
    }
}

package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import com.payband.drivers.band.ble.bluez.sim.BluezStandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ble adapters} as a technician runs it, in its own process, against a real dbus-daemon standing for the
 * system bus (found through DBUS_SYSTEM_BUS_ADDRESS, as every D-Bus client finds it) with the BlueZ stand-in on it;
 * then with BlueZ stopped.
 */
class CommandLineBleTest {

    @TempDir
    Path dir;

    @Test
    void theAdaptersAreListedAndBlueZStoppedIsSaidInWords() throws Exception {
        try (PrivateBus bus = PrivateBus.start(dir)) {
            PaybandProcess cli = PaybandProcess.on(dir.resolve("data")).env("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
            try (BluezStandIn bluez = BluezStandIn.start(bus.address())) {
                bluez.plug("hci0", "00:1A:7D:DA:71:13", "Store dongle", true);
                bluez.plug("hci1", "00:1A:7D:DA:71:14", "Till 2", false);

                JsonNode json = new ObjectMapper().readTree(cli.run("ble", "adapters", "--json").expectSuccess().stdout());
                assertThat(json.get("adapters")).hasSize(2);
                assertThat(json.get("adapters").get(0).get("name").asText()).isEqualTo("hci0");
                assertThat(json.get("adapters").get(0).get("address").asText()).isEqualTo("00:1A:7D:DA:71:13");
                assertThat(json.get("adapters").get(0).get("powered").asBoolean()).isTrue();
                assertThat(json.get("adapters").get(1).get("powered").asBoolean()).isFalse();

                String table = cli.run("--lang", "zh", "ble", "adapters").expectSuccess().stdout();
                assertThat(table).contains("适配器", "hci0", "Store dongle", "开", "hci1", "关");
            }
            PaybandProcess.Result stopped = cli.run("ble", "adapters");
            assertThat(stopped.exitCode()).isEqualTo(ExitCode.BAND_UNREACHABLE);
            assertThat(stopped.stderr()).contains("Bluetooth service (BlueZ, bluetoothd) is not running");
            assertThat(dir.resolve("data")).as("listing adapters opens no store").doesNotExist();
        }
    }
}

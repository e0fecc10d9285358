package com.payband.console.cli;

import com.payband.console.i18n.Messages;
import com.payband.drivers.band.ble.bluez.BluetoothAdapter;
import com.payband.drivers.band.ble.bluez.BluezAdapters;
import com.payband.drivers.band.ble.bluez.BluezException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ble adapters}: the Bluetooth adapters BlueZ knows on this machine (the store's dongle), read from BlueZ's
 * D-Bus API on the system bus ({@code DBUS_SYSTEM_BUS_ADDRESS} when set). Needs no store and no sign-in: it reads
 * nothing of anyone.
 */
@Command(name = "ble", resourceBundle = "i18n.cli")
final class BleCommand {

    private final CliContext context;

    BleCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "adapters", mixinStandardHelpOptions = true)
    int adapters(@Option(names = "--json", descriptionKey = "json") boolean json) {
        List<BluetoothAdapter> adapters;
        try {
            adapters = BluezAdapters.list();
        } catch (BluezException e) {
            throw new CliFailure(ExitCode.BAND_UNREACHABLE, e, "error.bluez." + e.reason().name(),
                    BluezAdapters.systemBusAddress());
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("adapters", adapters.stream().map(a -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("name", a.name());
                one.put("address", a.address());
                one.put("alias", a.alias());
                one.put("powered", a.powered());
                one.put("discovering", a.discovering());
                return one;
            }).toList());
            Json.print(context.out(), out);
            return ExitCode.OK;
        }
        Messages m = context.messages();
        if (adapters.isEmpty()) {
            context.out().println(m.get("ble.adapters.none"));
        } else {
            Table.print(context.out(), List.of(m.get("ble.col.name"), m.get("ble.col.address"), m.get("ble.col.alias"),
                    m.get("ble.col.powered")), adapters.stream().map(a -> List.of(a.name(), a.address(), a.alias(),
                            m.get(a.powered() ? "ble.powered.on" : "ble.powered.off"))).toList());
        }
        context.out().flush();
        return ExitCode.OK;
    }
}

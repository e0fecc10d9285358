package com.payband.drivers.idcard.serial;

import java.nio.file.Path;

/** A watched device file came or went. */
public sealed interface DeviceEvent {

    Path path();

    record Appeared(Path path) implements DeviceEvent { }

    record Disappeared(Path path) implements DeviceEvent { }
}

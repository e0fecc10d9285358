package com.payband.drivers.idcard.serial;

import java.io.IOException;

/** Opens a {@link SerialLink}; the driver's seam for tests and benchmarks. */
@FunctionalInterface
public interface SerialLinkOpener {

    /**
     * @throws IOException when the device does not exist, is in use or cannot be configured
     */
    SerialLink open(String path, int baud) throws IOException;

    /** The real ports, through jSerialComm. */
    static SerialLinkOpener jSerialComm() {
        return JSerialCommLink::open;
    }
}

package com.payband.drivers.idcard.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Lists the serial ports there are now; no port is opened. */
@FunctionalInterface
public interface PortScanner {

    List<PortCandidate> candidates();

    /** The ports the operating system enumerates, with USB ids and descriptions where it gives them. */
    static PortScanner system() {
        return () -> {
            List<PortCandidate> out = new ArrayList<>();
            for (SerialPort port : SerialPort.getCommPorts()) {
                String path = port.getSystemPortPath();
                if (path == null || path.isBlank()) {
                    path = port.getSystemPortName();
                }
                String description = port.getPortDescription();
                String descriptive = port.getDescriptivePortName();
                if (descriptive != null && !descriptive.equals(description)) {
                    description = description == null || description.isBlank() ? descriptive : description + " / " + descriptive;
                }
                out.add(new PortCandidate(path, port.getVendorID(), port.getProductID(), description));
            }
            return out;
        };
    }

    /**
     * Device files matching the globs (see {@link DeviceSource#globs}): they show up even when the
     * system does not enumerate them (a pty symlink, a udev alias such as {@code /dev/idcard}).
     */
    static PortScanner globs(List<String> globs) {
        DeviceSource source = DeviceSource.globs(globs);
        return () -> source.present().stream().map(Path::toString).map(PortCandidate::ofPath).toList();
    }

    /** Both lists; {@link PortRanking#order} merges entries for the same path. */
    static PortScanner combined(PortScanner first, PortScanner second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        return () -> {
            List<PortCandidate> all = new ArrayList<>(first.candidates());
            all.addAll(second.candidates());
            return all;
        };
    }
}

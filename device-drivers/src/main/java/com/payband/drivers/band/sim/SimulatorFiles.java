package com.payband.drivers.band.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The simulator keeps its bands in properties files, replaced atomically like firmware flash pages:
 * written beside, then renamed, so that a killed process leaves the old or the new state. Not forced to
 * disk: a simulator need not survive a power cut, and an fsync per state change would be most of a
 * zero-latency bind.
 */
final class SimulatorFiles {

    private SimulatorFiles() {
    }

    static void store(Properties p, Path file, String comment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, comment);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out.toByteArray());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }
}

package com.payband.drivers.band.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/** The simulator keeps its bands in properties files, replaced atomically like firmware flash pages. */
final class SimulatorFiles {

    private SimulatorFiles() {
    }

    static void store(Properties p, Path file, String comment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, comment);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out.toByteArray());
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
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

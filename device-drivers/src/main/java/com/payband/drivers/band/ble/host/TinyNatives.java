package com.payband.drivers.band.ble.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * TinyB's natives, loaded by the BLE host itself (TinyB's own loader needs libraries this project does not ship):
 * copied from the TinyB jar into a private folder and loaded libtinyb first, since libjavatinyb needs it by its
 * SONAME. Only Linux on x86-64 has natives in the published jar.
 */
final class TinyNatives {

    private static boolean loaded;

    private TinyNatives() {
    }

    /** TinyB's version, as its jar's manifest gives it (what its natives are checked against). */
    static String version() {
        Package tinyb = tinyb.BluetoothManager.class.getPackage();
        return tinyb == null ? "?" : String.valueOf(tinyb.getSpecificationVersion());
    }

    static synchronized void load() throws IOException {
        if (loaded) {
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IOException("TinyB has natives for Linux on x86-64 only, not " + os + "/" + arch);
        }
        Package tinyb = tinyb.BluetoothManager.class.getPackage();
        if (tinyb == null || tinyb.getSpecificationVersion() == null) {
            // TinyB compares this with its natives' version and fails with a bare NullPointerException without it
            throw new IOException("the TinyB jar was repackaged without its manifest (Specification-Version)");
        }
        Path dir = Files.createTempDirectory("payband-tinyb",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (String lib : new String[] {"libtinyb.so", "libjavatinyb.so"}) {
            try (InputStream in = TinyNatives.class.getResourceAsStream("/native/linux/x86_64/" + lib)) {
                if (in == null) {
                    throw new IOException("the TinyB jar has no " + lib);
                }
                Path file = dir.resolve(lib);
                Files.copy(in, file);
                System.load(file.toString());
            }
        }
        // loaded, they are mapped: the files can go now. deleteOnExit would never run, since the host ends by halt or
        // is killed, and every start would leave a copy behind
        for (String lib : new String[] {"libjavatinyb.so", "libtinyb.so"}) {
            Files.deleteIfExists(dir.resolve(lib));
        }
        Files.deleteIfExists(dir);
        loaded = true;
    }
}

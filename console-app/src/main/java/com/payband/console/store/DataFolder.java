package com.payband.console.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the console keeps its database, wrapped key, logs and backups: the operating system's usual
 * per-user data folder, unless {@code --data-dir} or {@code PAYBAND_HOME} says otherwise.
 */
public record DataFolder(Path path) {

    public static final String HOME_VARIABLE = "PAYBAND_HOME";

    public DataFolder {
        path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    }

    /**
     * @param explicit {@code --data-dir}, if given
     * @param env      the environment (PAYBAND_HOME, XDG_DATA_HOME, APPDATA)
     */
    public static DataFolder resolve(Optional<Path> explicit, Map<String, String> env, String osName, Path userHome) {
        if (explicit.isPresent()) {
            return new DataFolder(explicit.get());
        }
        String home = env.get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            return new DataFolder(Path.of(home));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData)
                    : userHome.resolve("AppData").resolve("Roaming");
            return new DataFolder(base.resolve("PayBand"));
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return new DataFolder(userHome.resolve("Library").resolve("Application Support").resolve("PayBand"));
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local").resolve("share");
        return new DataFolder(base.resolve("payband"));
    }

    public static DataFolder resolveDefault(Optional<Path> explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /** Creates the folder (owner-only on POSIX systems) and its sub-folders. */
    public void create() throws IOException {
        for (Path dir : new Path[] {path, databaseDirectory(), logs(), backups()}) {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                ownerOnly(dir);
            }
        }
    }

    private static void ownerOnly(Path dir) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    public boolean initialised() {
        return Files.exists(path.resolve("keys.json"));
    }

    public Path databaseDirectory() {
        return path.resolve("db");
    }

    /** H2's base name: H2 adds {@code .mv.db}. */
    public Path databaseBase() {
        return databaseDirectory().resolve("payband");
    }

    public Path databaseFile() {
        return databaseDirectory().resolve("payband.mv.db");
    }

    public Path logs() {
        return path.resolve("logs");
    }

    public Path backups() {
        return path.resolve("backups");
    }

    public Path lockFile() {
        return path.resolve("payband.lock");
    }

    public Path auditAnchor() {
        return path.resolve("audit-anchor.json");
    }

    public Path settings() {
        return path.resolve("settings.properties");
    }

    @Override
    public String toString() {
        return path.toString();
    }
}

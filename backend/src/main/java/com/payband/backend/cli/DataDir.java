package com.payband.backend.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The backend's data folder: its CA ({@code ca/}), the embedded database ({@code db/}, unless --db-url), the
 * demo issuer's software keys ({@code issuer/}, unless --pkcs11-config), the
 * administration token ({@code admin.token}) and, while it serves, {@code backend.json} (PID and ports), through
 * which the command line finds the running backend.
 */
final class DataDir {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path path;

    DataDir(Path path) {
        this.path = path.toAbsolutePath();
    }

    /** $XDG_DATA_HOME/payband-backend, else ~/.local/share/payband-backend. */
    static Path defaultPath() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".local", "share");
        return base.resolve("payband-backend");
    }

    Path ca() {
        return path.resolve("ca");
    }

    /** The demo backend's software issuer keys (a production backend's are in its HSM). */
    Path issuer() {
        return path.resolve("issuer");
    }

    /** The administration token, made on first use, readable by the backend's user only. */
    String adminToken() throws IOException {
        Path file = path.resolve("admin.token");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        Files.createDirectories(path);
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        Path tmp = path.resolve("admin.token.tmp");
        Files.writeString(tmp, token, StandardCharsets.US_ASCII);
        restrict(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return token;
    }

    void writeRunning(long pid, int port, int adminPort) throws IOException {
        Path tmp = path.resolve("backend.json.tmp");
        JSON.writeValue(tmp.toFile(), Map.of("pid", pid, "port", port, "adminPort", adminPort));
        Files.move(tmp, path.resolve("backend.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    void clearRunning(long pid) {
        try {
            Optional<Running> r = running();
            if (r.isPresent() && r.get().pid() == pid) {
                Files.deleteIfExists(path.resolve("backend.json"));
            }
        } catch (IOException ignored) {
            // a stale file is recognised by its PID next time
        }
    }

    /** The backend serving from this folder, if its process is alive. */
    Optional<Running> running() throws IOException {
        Path file = path.resolve("backend.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<?, ?> m = JSON.readValue(file.toFile(), Map.class);
        long pid = ((Number) m.get("pid")).longValue();
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(new Running(pid, ((Number) m.get("port")).intValue(),
                    ((Number) m.get("adminPort")).intValue()));
        }
        return Optional.empty();
    }

    record Running(long pid, int port, int adminPort) {
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the folder's permissions protect it
        }
    }
}

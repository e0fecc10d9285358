package com.payband.drivers.idcard.serial;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The device files present now, for the {@link DeviceWatcher}. */
@FunctionalInterface
public interface DeviceSource {

    /** The watched devices that exist now. Must be cheap: it runs every polling interval. */
    Set<Path> present();

    /** The default globs: USB-serial adapters and CDC-ACM devices on Linux. */
    List<String> DEFAULT_GLOBS = List.of("/dev/ttyUSB*", "/dev/ttyACM*");

    /**
     * Device files matching any of the globs. A glob is a directory without wildcards followed by a
     * file-name pattern in {@link java.nio.file.FileSystem#getPathMatcher glob} syntax:
     * {@code /dev/ttyUSB*}, {@code /dev/serial/by-id/usb-1a86*}. A symlink counts while its target
     * exists (a dangling link is an unplugged device).
     */
    static DeviceSource globs(List<String> globs) {
        List<Glob> parsed = globs.stream().map(Glob::parse).toList();
        return () -> {
            Set<Path> found = new TreeSet<>();
            for (Glob glob : parsed) {
                glob.collect(found);
            }
            return found;
        };
    }

    /** The ports a {@link PortScanner} lists (Windows COM ports, macOS /dev/cu.*): the watcher's source where globs do not apply. */
    static DeviceSource ports(PortScanner scanner) {
        Objects.requireNonNull(scanner, "scanner");
        return () -> scanner.candidates().stream().map(c -> Paths.get(c.path()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A parsed glob: directory and file-name pattern. */
    record Glob(Path directory, String pattern) {

        static Glob parse(String glob) {
            Objects.requireNonNull(glob, "glob");
            int slash = glob.lastIndexOf('/');
            if (slash < 0) {
                return new Glob(Paths.get("."), glob);
            }
            String dir = slash == 0 ? "/" : glob.substring(0, slash);
            if (dir.contains("*") || dir.contains("?") || dir.contains("[") || dir.contains("{")) {
                throw new IllegalArgumentException("only the file name of a device glob may have wildcards: " + glob);
            }
            return new Glob(Paths.get(dir), glob.substring(slash + 1));
        }

        void collect(Set<Path> into) {
            if (!Files.isDirectory(directory)) {
                return;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, pattern)) {
                for (Path entry : entries) {
                    if (Files.exists(entry)) {
                        into.add(entry);
                    }
                }
            } catch (IOException | DirectoryIteratorException e) {
                // The directory went away or is unreadable: nothing is there.
            }
        }

        /** Whether a path is one this glob watches. */
        boolean matches(Path path) {
            Path parent = path.getParent();
            return parent != null && parent.equals(directory)
                    && directory.getFileSystem().getPathMatcher("glob:" + pattern).matches(path.getFileName());
        }
    }
}

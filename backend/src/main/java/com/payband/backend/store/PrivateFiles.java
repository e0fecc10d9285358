package com.payband.backend.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only the backend's user may read: key stores and their passwords in the data folder. */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    public static void write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        restrict(file);
    }

    public static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions protect it
        }
    }
}

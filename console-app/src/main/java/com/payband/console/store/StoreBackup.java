package com.payband.console.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;

/**
 * A backup is one zip: a consistent online copy of the database (H2's BACKUP), the wrapped key file
 * and the audit anchor. It is as safe to keep as the data folder itself: nothing in it is in clear,
 * and it opens only with the store's key (OS credential store, passphrase or recovery file).
 */
public final class StoreBackup {

    static final String DATABASE_ENTRY = "db/payband.mv.db";
    static final String MANIFEST_ENTRY = "payband-backup.txt";

    private StoreBackup() {
    }

    public static void write(DataFolder folder, DataSource dataSource, Path target, Clock clock) throws StoreException {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path h2Zip = Files.createTempFile(folder.backups(), "h2-", ".zip");
            Files.delete(h2Zip);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("BACKUP TO '" + h2Zip.toString().replace("'", "''") + "'");
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try (ZipFile h2 = new ZipFile(h2Zip.toFile());
                    ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
                out.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
                out.write(("PayBand Console store backup\ncreated " + clock.instant() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                Enumeration<? extends ZipEntry> entries = h2.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().endsWith(".mv.db")) {
                        out.putNextEntry(new ZipEntry(DATABASE_ENTRY));
                        try (InputStream in = h2.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
                copyIfPresent(folder.path().resolve("keys.json"), "keys.json", out);
                copyIfPresent(folder.auditAnchor(), folder.auditAnchor().getFileName().toString(), out);
            } finally {
                Files.deleteIfExists(h2Zip);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | SQLException e) {
            throw new StoreException(StoreException.Reason.IO, "backup to " + target.getFileName() + " failed", e);
        }
    }

    private static void copyIfPresent(Path file, String name, ZipOutputStream out) throws IOException {
        if (Files.exists(file)) {
            out.putNextEntry(new ZipEntry(name));
            Files.copy(file, out);
            out.closeEntry();
        }
    }

    /**
     * Puts a backup's database and audit anchor back into a data folder whose store is closed (the
     * caller holds the folder lock). The database being replaced is first kept as a backup itself.
     * The key file stays: a backup restores into the store it came from (or one opened with its
     * recovery file).
     */
    public static void restore(DataFolder folder, Path backup, Clock clock) throws StoreException {
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            ZipEntry db = zip.getEntry(DATABASE_ENTRY);
            if (zip.getEntry(MANIFEST_ENTRY) == null || db == null) {
                throw new StoreException(StoreException.Reason.IO, backup.getFileName() + " is not a PayBand backup");
            }
            if (Files.exists(folder.databaseFile())) {
                Path keep = folder.backups().resolve("before-restore-"
                        + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(java.time.ZoneOffset.UTC).format(clock.instant()) + ".mv.db");
                Files.copy(folder.databaseFile(), keep, StandardCopyOption.REPLACE_EXISTING);
            }
            Path partial = folder.databaseDirectory().resolve("payband.mv.db.partial");
            try (InputStream in = zip.getInputStream(db)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, folder.databaseFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ZipEntry anchor = zip.getEntry(folder.auditAnchor().getFileName().toString());
            if (anchor != null) {
                try (InputStream in = zip.getInputStream(anchor)) {
                    com.payband.console.files.DurableFile.replace(folder.auditAnchor(), in.readAllBytes());
                }
            } else {
                Files.deleteIfExists(folder.auditAnchor());
            }
        } catch (java.util.zip.ZipException e) {
            throw new StoreException(StoreException.Reason.IO, backup.getFileName() + " is not a PayBand backup", e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.IO, "restore from " + backup.getFileName() + " failed", e);
        }
    }

    /** Refuses a backup of another store: its key would not open this database's data anyway. */
    public static void requireSameStore(Path backup, String storeId) throws StoreException {
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            ZipEntry keys = zip.getEntry("keys.json");
            if (zip.getEntry(MANIFEST_ENTRY) == null || keys == null) {
                throw new StoreException(StoreException.Reason.IO, backup.getFileName() + " is not a PayBand backup");
            }
            Path tmp = Files.createTempFile("payband-keys", ".json");
            try {
                try (InputStream in = zip.getInputStream(keys)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (!com.payband.console.crypto.KeyFile.readFile(tmp).storeId().equals(storeId)) {
                    throw new StoreException(StoreException.Reason.KEY_MISMATCH, backup.getFileName().toString());
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (java.util.zip.ZipException e) {
            throw new StoreException(StoreException.Reason.IO, backup.getFileName() + " is not a PayBand backup", e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.IO, "cannot read " + backup.getFileName(), e);
        }
    }

    /** Sets up a new machine from a backup: database, wrapped key and audit anchor into an empty folder. */
    public static void restoreIntoEmptyFolder(DataFolder folder, Path backup) throws StoreException {
        try {
            folder.create();
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.IO, "cannot create " + folder, e);
        }
        try (FolderLock lock = FolderLock.acquire(folder); ZipFile zip = new ZipFile(backup.toFile())) {
            if (folder.initialised() || Files.exists(folder.databaseFile())) {
                throw new StoreException(StoreException.Reason.ALREADY_INITIALISED, folder.toString());
            }
            ZipEntry db = zip.getEntry(DATABASE_ENTRY);
            ZipEntry keys = zip.getEntry("keys.json");
            if (zip.getEntry(MANIFEST_ENTRY) == null || db == null || keys == null) {
                throw new StoreException(StoreException.Reason.IO, backup.getFileName() + " is not a PayBand backup");
            }
            try (InputStream in = zip.getInputStream(db)) {
                Files.copy(in, folder.databaseFile());
            }
            ZipEntry anchor = zip.getEntry(folder.auditAnchor().getFileName().toString());
            if (anchor != null) {
                try (InputStream in = zip.getInputStream(anchor)) {
                    Files.copy(in, folder.auditAnchor());
                }
            }
            // the key file last: until it is there, the folder does not count as a store
            try (InputStream in = zip.getInputStream(keys)) {
                com.payband.console.files.DurableFile.replace(folder.path().resolve("keys.json"), in.readAllBytes());
            }
        } catch (java.util.zip.ZipException e) {
            throw new StoreException(StoreException.Reason.IO, backup.getFileName() + " is not a PayBand backup", e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.IO, "restore from " + backup.getFileName() + " failed", e);
        }
    }
}

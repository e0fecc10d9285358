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
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;

/**
 * A backup is one zip: a consistent online copy of the database (H2's BACKUP, the file as it is, so
 * encrypted), the wrapped key file and the audit anchor. It is as safe to keep as the data folder itself: nothing in it is in clear,
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
            // The anchor is read before the database is copied: it moves only after a commit, so it can
            // then be behind the copy (the next open carries it forward), never ahead of it (TRUNCATED).
            byte[] anchor = Files.exists(folder.auditAnchor()) ? Files.readAllBytes(folder.auditAnchor()) : null;
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
                if (anchor != null) {
                    out.putNextEntry(new ZipEntry(folder.auditAnchor().getFileName().toString()));
                    out.write(anchor);
                    out.closeEntry();
                }
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
     * caller holds the folder lock). The backup's database is unpacked and checked first; only then is
     * the database being replaced kept as a backup itself (under a name of its own) and replaced.
     * The key file stays: a backup restores into the store it came from (or one opened with its
     * recovery file).
     */
    public static void restore(DataFolder folder, Path backup, Clock clock) throws StoreException {
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            ZipEntry db = zip.getEntry(DATABASE_ENTRY);
            if (zip.getEntry(MANIFEST_ENTRY) == null || db == null) {
                throw new StoreException(StoreException.Reason.IO, backup.getFileName() + " is not a PayBand backup");
            }
            Path partial = folder.databaseDirectory().resolve("payband.mv.db.partial");
            unpackDatabase(zip, db, partial, backup);
            if (Files.exists(folder.databaseFile())) {
                Files.copy(folder.databaseFile(), unusedName(folder.backups(), "before-restore-"
                        + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(java.time.ZoneOffset.UTC).format(clock.instant()), ".mv.db"));
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

    /**
     * Unpacks the backup's database to {@code target}, refusing (and removing) one whose content does
     * not match the zip's checksum or that is not an H2 database file.
     */
    private static void unpackDatabase(ZipFile zip, ZipEntry entry, Path target, Path backup)
            throws IOException, StoreException {
        CRC32 crc = new CRC32();
        boolean sound = false;
        try {
            try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            sound = (entry.getCrc() == -1 || entry.getCrc() == crc.getValue()) && isH2Database(target);
        } finally {
            if (!sound) {
                Files.deleteIfExists(target);
            }
        }
        if (!sound) {
            throw new StoreException(StoreException.Reason.IO,
                    backup.getFileName() + " is damaged: its database does not check out");
        }
    }

    /** Encrypted as this version writes them, or in clear as earlier ones did (encrypted when next opened). */
    private static boolean isH2Database(Path file) throws StoreException {
        Database.FileFormat format = Database.format(file);
        return format == Database.FileFormat.ENCRYPTED || format == Database.FileFormat.PLAIN;
    }

    /** {@code base + suffix} in the folder, or {@code base-2 + suffix} and so on: never one that exists. */
    private static Path unusedName(Path folder, String base, String suffix) {
        Path candidate = folder.resolve(base + suffix);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = folder.resolve(base + "-" + n + suffix);
        }
        return candidate;
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
            Path partial = folder.databaseDirectory().resolve("payband.mv.db.partial");
            unpackDatabase(zip, db, partial, backup);
            Files.move(partial, folder.databaseFile(), StandardCopyOption.ATOMIC_MOVE);
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

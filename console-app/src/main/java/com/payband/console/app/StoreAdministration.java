package com.payband.console.app;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.crypto.KeyVault;
import com.payband.console.crypto.KeyVaultException;
import com.payband.console.crypto.SecretPrompt;
import com.payband.console.staff.Action;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.StoreBackup;
import com.payband.console.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** Backups, statistics and key recovery of the open store, for those whose role allows them. */
public final class StoreAdministration {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ConsoleServices services;

    public StoreAdministration(ConsoleServices services) {
        this.services = services;
    }

    /**
     * Writes a backup zip.
     *
     * @param target a file, or null for {@code backups/payband-<time>.zip} in the data folder
     */
    public Path backup(StaffSession staff, Path target) throws StoreException {
        services.authorizer().require(staff, Action.BACKUP_STORE);
        Path file = target != null ? target
                : services.folder().backups().resolve("payband-" + STAMP.format(services.options().clock().instant()) + ".zip");
        StoreBackup.write(services.folder(), services.database().dataSource(), file, services.options().clock());
        services.audit().record(staff.actor(), AuditAction.STORE_BACKED_UP, Outcome.SUCCESS,
                Target.store(services.storeId()), null, file.getFileName().toString());
        return file;
    }

    /**
     * Rewrites the database file without the space that superseded pages left (after a burst of writes,
     * an import, a migration) and closes the store: the services must not be used afterwards.
     *
     * @return the database size before and after, in bytes
     */
    public long[] compactAndClose(StaffSession staff) {
        services.authorizer().require(staff, Action.BACKUP_STORE);
        long before = services.database().fileSize();
        services.audit().record(staff.actor(), AuditAction.STORE_COMPACTED, Outcome.SUCCESS,
                Target.store(services.storeId()), null, null);
        services.closeCompacted();
        long after;
        try {
            after = Files.size(services.folder().databaseFile());
        } catch (IOException e) {
            after = -1;
        }
        return new long[] {before, after};
    }

    /** Counts and sizes: nothing personal. */
    public StoreStats stats(StaffSession staff) {
        services.authorizer().require(staff, Action.VIEW_STORE_STATS);
        var db = services.database();
        StoreStats stats = db.inTransaction(s -> new StoreStats(
                services.folder().path(),
                services.storeId(),
                ConsoleServices.count(s, "StaffAccount"),
                ConsoleServices.count(s, "Customer"),
                ConsoleServices.count(s, "IdentityDocument"),
                ConsoleServices.count(s, "Band"),
                ConsoleServices.count(s, "Binding"),
                ConsoleServices.count(s, "AuditEvent"),
                services.outbox().pendingCount(),
                db.fileSize(),
                folderSize(services.folder().path()),
                schemaVersion()));
        services.audit().record(staff.actor(), AuditAction.STORE_STATS_VIEWED, Outcome.SUCCESS, null, null, null);
        return stats;
    }

    /** Exports the data key under a separate recovery passphrase (see security.md, key backup). */
    public void exportKeyRecovery(StaffSession staff, Path target, SecretPrompt prompt) throws KeyVaultException {
        services.authorizer().require(staff, Action.MANAGE_KEYS);
        new KeyVault(services.options().credentialStore(), services.options().passphraseCost())
                .exportRecovery(services.dataKey(), services.storeId(), target, prompt);
        services.audit().record(staff.actor(), AuditAction.KEY_RECOVERY_EXPORTED, Outcome.SUCCESS,
                Target.store(services.storeId()), null, null);
    }

    /**
     * The restore check: unpacks the backup beside the store (in {@code backups/}), opens it with this store's key,
     * verifies its audit chain and counts its records, then removes the copy. The store itself is not touched.
     */
    public BackupCheck checkBackup(StaffSession staff, Path backup) throws StoreException {
        services.authorizer().require(staff, Action.BACKUP_STORE);
        Path work = services.folder().backups().resolve(".check-" + STAMP.format(services.options().clock().instant())
                + "-" + Long.toHexString(System.nanoTime()));
        BackupCheck check;
        try {
            StoreBackup.requireSameStore(backup, services.storeId());
            StoreBackup.restoreIntoEmptyFolder(new com.payband.console.store.DataFolder(work), backup);
            check = services.checkCopy(new com.payband.console.store.DataFolder(work), backup);
        } catch (StoreException | RuntimeException e) {
            services.audit().record(staff.actor(), AuditAction.BACKUP_CHECKED, Outcome.FAILED,
                    Target.store(services.storeId()), e instanceof StoreException s ? s.reason().name() : "UNREADABLE",
                    backup.getFileName().toString());
            throw e;
        } finally {
            try {
                com.payband.console.files.Folders.deleteTree(work);
            } catch (IOException e) {
                // left behind: encrypted under the store key like the store itself; the next check uses a new folder
            }
        }
        services.audit().record(staff.actor(), AuditAction.BACKUP_CHECKED,
                check.restorable() ? Outcome.SUCCESS : Outcome.FAILED, Target.store(services.storeId()),
                check.restorable() ? null : "AUDIT_CHAIN", backup.getFileName().toString() + " events="
                        + check.auditEvents() + " customers=" + check.customers() + " bindings=" + check.bindings());
        return check;
    }

    /** The newest backup zip in {@code backups/}, if any (what "Check the latest backup" checks). */
    public java.util.Optional<Path> latestBackup() {
        try (Stream<Path> files = Files.list(services.folder().backups())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".zip") && Files.isRegularFile(p))
                    .max(java.util.Comparator.comparing(p -> {
                        try {
                            return Files.getLastModifiedTime(p);
                        } catch (IOException e) {
                            return java.nio.file.attribute.FileTime.fromMillis(0);
                        }
                    }));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** When the key-recovery file was last made (from the audit trail), for the administrator's reminder. */
    public java.util.Optional<java.time.Instant> keyRecoveryExportedAt(StaffSession staff) {
        services.authorizer().require(staff, Action.MANAGE_KEYS);
        java.time.Instant[] last = {null};
        services.audit().forEach(new com.payband.console.audit.AuditQuery(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(AuditAction.KEY_RECOVERY_EXPORTED), Integer.MAX_VALUE), e -> {
                    if (e.outcome() == Outcome.SUCCESS && (last[0] == null || e.at().isAfter(last[0]))) {
                        last[0] = e.at();
                    }
                });
        return java.util.Optional.ofNullable(last[0]);
    }

    private String schemaVersion() {
        try (var c = services.database().dataSource().getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT MAX(\"version\") FROM \"flyway_schema_history\" WHERE \"success\"")) {
            return rs.next() ? rs.getString(1) : "?";
        } catch (java.sql.SQLException e) {
            return "?";
        }
    }

    private static long folderSize(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}

package com.payband.console.cli;

import com.payband.console.app.ConsoleServices;
import com.payband.console.app.StoreAdministration;
import com.payband.console.app.StoreStats;
import com.payband.console.i18n.Messages;
import com.payband.console.staff.Action;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code db backup|stats|restore}. */
@Command(name = "db", resourceBundle = "i18n.cli")
final class DbCommand {

    private final CliContext context;

    DbCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "backup", mixinStandardHelpOptions = true)
    int backup(@Option(names = "--out", paramLabel = "FILE", descriptionKey = "db.out") Path out) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            Path file = new StoreAdministration(services).backup(staff, out);
            context.out().println(context.messages().get("db.backedUp", file));
            return ExitCode.OK;
        });
    }

    @Command(name = "compact", mixinStandardHelpOptions = true)
    int compact() throws Exception {
        ConsoleServices services = context.openStore();
        boolean closed = false;
        try {
            StaffSession staff = context.signIn(services);
            long[] sizes = new StoreAdministration(services).compactAndClose(staff);
            closed = true;
            context.out().println(context.messages().get("db.compacted", sizes[0] / 1_000_000.0, sizes[1] / 1_000_000.0));
            return ExitCode.OK;
        } finally {
            if (!closed) {
                services.close();
            }
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true)
    int stats(@Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            StoreStats s = new StoreAdministration(services).stats(staff);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataFolder", s.dataFolder().toString());
            m.put("storeId", s.storeId());
            m.put("schemaVersion", s.schemaVersion());
            m.put("staffAccounts", s.staffAccounts());
            m.put("customers", s.customers());
            m.put("identityDocuments", s.identityDocuments());
            m.put("bands", s.bands());
            m.put("bindings", s.bindings());
            m.put("auditEvents", s.auditEvents());
            m.put("outboxPending", s.outboxPending());
            m.put("databaseBytes", s.databaseBytes());
            m.put("dataFolderBytes", s.dataFolderBytes());
            if (json) {
                Json.print(context.out(), m);
            } else {
                Messages msg = context.messages();
                m.forEach((k, v) -> DocumentOutput.line(context.out(), msg.get("db.stats." + k), String.valueOf(v)));
                context.out().flush();
            }
            return ExitCode.OK;
        });
    }

    /**
     * Puts a backup back. Into an existing store: an administrator signs in first, the backup must be of
     * this store, the database being replaced is kept in backups/, and the restore is audited. Into an
     * empty data folder (a new machine): the backup's key file comes along; the store then opens with its
     * passphrase, or after {@code key recover}.
     */
    @Command(name = "restore", mixinStandardHelpOptions = true)
    int restore(@Parameters(paramLabel = "FILE", descriptionKey = "db.restoreFile") Path file) throws Exception {
        DataFolder folder = context.dataFolder();
        if (!folder.initialised()) {
            com.payband.console.store.StoreBackup.restoreIntoEmptyFolder(folder, file);
            context.out().println(context.messages().get("db.restoredNew", folder));
            return ExitCode.OK;
        }
        com.payband.console.audit.Actor actor;
        String detail = file.getFileName().toString();
        // a store refused at start as tampered with is what a restore is for
        try (ConsoleServices services = context.openStoreToRecover()) {
            StaffSession admin = context.signIn(services);
            services.authorizer().require(admin, Action.BACKUP_STORE);
            com.payband.console.store.StoreBackup.requireSameStore(file, services.storeId());
            actor = admin.actor();
        } catch (com.payband.console.store.StoreException e) {
            if (e.reason() != com.payband.console.store.StoreException.Reason.TAMPERED) {
                throw e;
            }
            // the database does not open at all (unreadable, or a file in clear in its place): nobody can
            // sign in against it, so holding the store key is what vouches for the restore
            String storeId = ConsoleServices.requireStoreKey(folder, context.secretPrompt(), context.options());
            com.payband.console.store.StoreBackup.requireSameStore(file, storeId);
            actor = com.payband.console.audit.Actor.SYSTEM;
            detail = detail + "; database " + e.detail() + ", store key presented";
        }
        ConsoleServices.restore(folder, file, context.options().clock());
        try (ConsoleServices services = context.openStore()) {
            services.audit().record(actor, com.payband.console.audit.AuditAction.STORE_RESTORED,
                    com.payband.console.audit.Outcome.SUCCESS,
                    com.payband.console.audit.Target.store(services.storeId()), null, detail);
        }
        context.out().println(context.messages().get("db.restored", file));
        return ExitCode.OK;
    }
}

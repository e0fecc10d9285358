package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clerk's attacks on the data folder as the command line meets them: an older copy of the database
 * put back, a damaged one, H2's Shell. Every command refuses with exit 13 and says what to do; an
 * administrator can still see what is wrong and put the newest backup back.
 */
class CommandLineStoreIntegrityTest {

    private static final String PASSPHRASE = "a shop's store passphrase";
    private static final String PASSWORD = com.payband.console.TestStores.PASSWORD;

    @TempDir
    Path store;

    @TempDir
    Path aside;

    @Test
    void anOlderDatabasePutBackStopsEveryCommandUntilTheNewestBackupIsRestored() throws Exception {
        PaybandProcess admin = PaybandProcess.newStoreAsAdmin(store, PASSPHRASE, PASSWORD);
        admin.env("PAYBAND_NEW_PASSWORD", "first password of a new clerk 9").run("staff", "add", "clerk.li", "--role",
                "RETAIL_STAFF,ADMIN").expectSuccess();
        Path older = aside.resolve("older.mv.db");
        Files.copy(store.resolve("db").resolve("payband.mv.db"), older);
        admin.run("staff", "roles", "clerk.li", "--role", "RETAIL_STAFF").expectSuccess();
        Path backup = aside.resolve("newest.zip");
        admin.run("db", "backup", "--out", backup.toString()).expectSuccess();

        Files.copy(older, store.resolve("db").resolve("payband.mv.db"), StandardCopyOption.REPLACE_EXISTING);

        for (List<String> command : List.of(List.of("staff", "list"), List.of("customers", "find", "--name", "x"),
                List.of("db", "backup"))) {
            String said = admin.run(command.toArray(String[]::new)).expectFailure(ExitCode.AUDIT_TAMPERED);
            assertThat(said).as("payband %s", command).contains("older than its audit record")
                    .contains("payband db restore");
        }
        assertThat(admin.env("LANG", "zh_CN.UTF-8").run("staff", "list").expectFailure(ExitCode.AUDIT_TAMPERED))
                .contains("数据库比其审计记录更旧");
        // what is wrong, in the audit's own words
        PaybandProcess.Result verify = admin.run("audit", "verify").expectExit(ExitCode.AUDIT_TAMPERED);
        assertThat(verify.stdout()).contains("the newest events are missing");

        assertThat(admin.run("db", "restore", backup.toString()).expectSuccess().stdout()).contains("Store restored");
        assertThat(admin.run("staff", "list", "--json").expectSuccess().stdout()).contains("clerk.li");
        assertThat(admin.run("audit", "verify").expectSuccess().stdout()).contains("intact");
    }

    @Test
    void aDatabaseThatNoLongerDecryptsIsRefusedAndTheStoreKeyAloneVouchesForTheRestore() throws Exception {
        PaybandProcess admin = PaybandProcess.newStoreAsAdmin(store, PASSPHRASE, PASSWORD);
        Path backup = aside.resolve("newest.zip");
        admin.run("db", "backup", "--out", backup.toString()).expectSuccess();
        Path file = store.resolve("db").resolve("payband.mv.db");
        byte[] damaged = Files.readAllBytes(file);
        for (int i = 4096; i < damaged.length; i += 512) {
            damaged[i] ^= 0x5a;
        }
        Files.write(file, damaged);

        assertThat(admin.run("staff", "list").expectFailure(ExitCode.AUDIT_TAMPERED))
                .contains("cannot be read although the store key is right");
        // nobody can sign in against it: without the store passphrase, no restore either
        admin.without("PAYBAND_PASSPHRASE").run("db", "restore", backup.toString())
                .expectFailure(ExitCode.KEY_UNAVAILABLE);
        assertThat(file).hasBinaryContent(damaged);

        admin.run("db", "restore", backup.toString()).expectSuccess();
        admin.run("staff", "list").expectSuccess();
        assertThat(admin.run("audit", "list", "--action", "STORE_RESTORED", "--json").expectSuccess().stdout())
                .contains("store key presented").contains("UNREADABLE");
    }
}

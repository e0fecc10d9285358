package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a data folder that another JVM ({@link HoldStore}) has open: it is told who
 * holds the store and touches nothing; once the holder closes, or is killed with no chance to clean up,
 * the next command opens the store and finds its audit trail intact.
 */
class CommandLineSecondProcessTest {

    static final String PASSWORD = "Second-Process-Pass-88";
    static final String PASSPHRASE = "passphrase of the second process test";
    static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    static Path temp;

    static Path data;
    static PaybandProcess cli;
    static PaybandProcess admin;

    PaybandProcess.Running holder;

    @BeforeAll
    static void store() {
        data = temp.resolve("data");
        cli = PaybandProcess.on(data).env("PAYBAND_PASSPHRASE", PASSPHRASE);
        cli.env("PAYBAND_PASSWORD", PASSWORD).run("admin", "init", "--user", "admin").expectSuccess();
        admin = cli.as("admin", PASSWORD);
    }

    @AfterEach
    void noHolderLeftRunning() {
        if (holder != null) {
            holder.close();
        }
    }

    @Test
    void aCommandOnAStoreHeldByAnotherProcessExits5NamingItThenWorksOnceItCloses() {
        holder = cli.start(HoldStore.class, data.toString());
        assertThat(holder.awaitLine("READY", STARTUP)).startsWith("READY " + holder.pid() + " ");

        PaybandProcess.Result blocked = admin.run("customers", "register", "--sim", "--card", "zhang-wei");
        assertThat(blocked.expectFailure(ExitCode.STORE_IN_USE))
                .startsWith("payband: The data folder is in use by another PayBand Console (process " + holder.pid()
                        + " on ")
                .endsWith("). Close it first, or use another --data-dir.");
        assertThat(blocked.stdout()).isEmpty();

        assertThat(holder.release(Duration.ofSeconds(30))).as("holder's exit code\n%s", holder.stderr()).isZero();
        assertThat(holder.awaitLine("CLOSED", Duration.ofSeconds(5))).isEqualTo("CLOSED");

        PaybandProcess.Result verify = admin.run("audit", "verify").expectSuccess();
        assertThat(verify.stdout().strip()).matches("Audit trail intact: \\d+ events checked\\.");
    }

    @Test
    void aHolderKilledHardLeavesNoStaleLock() throws Exception {
        holder = cli.start(HoldStore.class, data.toString());
        holder.awaitLine("READY", STARTUP);
        long killed = holder.pid();

        holder.killHard();

        // the lock file still names the dead process: the operating-system lock went with it
        assertThat(Files.readString(data.resolve("payband.lock"), StandardCharsets.UTF_8)).startsWith(killed + " ");
        PaybandProcess.Result verify = admin.run("audit", "verify").expectSuccess();
        assertThat(verify.stdout().strip()).matches("Audit trail intact: \\d+ events checked\\.");
    }
}

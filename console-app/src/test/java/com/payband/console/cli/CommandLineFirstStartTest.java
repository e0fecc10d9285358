package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin init} as a separate process, on one data folder, step by step: the failed first starts
 * leave nothing that stops the next attempt, the successful one creates the store once, and the store
 * then opens only with its passphrase.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepwiseFlow.class)
class CommandLineFirstStartTest {

    static final String PASSWORD = "Kettle-Orbit-42-Lantern";
    static final String PASSPHRASE = "a store passphrase for the first start";

    @TempDir
    static Path temp;

    static Path data;
    static PaybandProcess cli;

    @BeforeAll
    static void emptyDataFolder() {
        data = temp.resolve("payband-data");
        cli = PaybandProcess.on(data);
    }

    @Test
    @Order(1)
    void withoutAPassphraseAndWithoutATerminalInitExits7() {
        PaybandProcess.Result init = cli.env("PAYBAND_PASSWORD", PASSWORD).run("admin", "init", "--user", "admin");

        assertThat(init.expectFailure(ExitCode.KEY_UNAVAILABLE))
                .isEqualTo("payband: The store passphrase is needed: set PAYBAND_PASSPHRASE or run in a terminal.");
        assertThat(init.stdout()).isEmpty();
        assertThat(data.resolve("keys.json")).doesNotExist();
        assertThat(data.resolve("db").resolve("payband.mv.db")).doesNotExist();
    }

    @Test
    @Order(2)
    void aWeakPasswordExits8AndLeavesNoStore() {
        PaybandProcess.Result init = cli.env("PAYBAND_PASSWORD", "kettle-42").env("PAYBAND_PASSPHRASE", PASSPHRASE)
                .run("admin", "init", "--user", "admin");

        assertThat(init.expectFailure(ExitCode.REFUSED))
                .isEqualTo("payband: Password refused: it needs at least 12 characters.");
        assertThat(data.resolve("keys.json")).doesNotExist();
        assertThat(data.resolve("audit-anchor.json")).doesNotExist();
        assertThat(data.resolve("db").resolve("payband.mv.db")).doesNotExist();
    }

    @Test
    @Order(3)
    void aCorrectInitThenCreatesTheStore() {
        PaybandProcess.Result init = cli.env("PAYBAND_PASSWORD", PASSWORD).env("PAYBAND_PASSPHRASE", PASSPHRASE)
                .run("admin", "init", "--user", "admin").expectSuccess();

        assertThat(init.stdout().strip()).isEqualTo("Store created in " + data.toAbsolutePath()
                + ". Administrator admin can sign in now. Key protection: passphrase (asked at every start).");
        assertThat(data.resolve("keys.json")).isRegularFile();
        assertThat(data.resolve("db").resolve("payband.mv.db")).isRegularFile();
    }

    @Test
    @Order(4)
    void aSecondInitExits6AndKeepsTheStore() {
        PaybandProcess.Result again = cli.env("PAYBAND_PASSWORD", "Quartz-Meadow-Ninety-9")
                .env("PAYBAND_PASSPHRASE", "another passphrase entirely").run("admin", "init", "--user", "admin");

        assertThat(again.expectFailure(ExitCode.STORE_STATE)).isEqualTo("payband: " + data.toAbsolutePath()
                + " already holds a PayBand store. Sign in instead, or choose another --data-dir.");

        // the first store is still there, with its administrator and passphrase
        PaybandProcess.Result verify = cli.as("admin", PASSWORD).env("PAYBAND_PASSPHRASE", PASSPHRASE)
                .run("audit", "verify").expectSuccess();
        assertThat(verify.stdout()).startsWith("Audit trail intact: ");
    }

    @Test
    @Order(5)
    void aWrongPassphraseExits7() {
        PaybandProcess.Result open = cli.as("admin", PASSWORD).env("PAYBAND_PASSPHRASE", "not the store passphrase")
                .run("audit", "verify");

        assertThat(open.expectFailure(ExitCode.KEY_UNAVAILABLE))
                .isEqualTo("payband: Wrong passphrase: the store stays locked.");
        assertThat(open.stdout()).isEmpty();
    }
}

package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store key in the operating system's credential store, for real: GNOME Keyring as the Secret
 * Service on a private session bus, and the command line in separate processes. No passphrase is ever
 * given; the key opens for the session that owns it, fails plainly without it, and comes back from a
 * recovery file when the keyring is lost.
 */
class CommandLineCredentialStoreTest {

    private static final String ADMIN_PASSWORD = "correct horse battery staple";
    private static final String RECOVERY = "recovery passphrase kept in the safe";

    @TempDir
    Path dir;

    @Test
    void theKeyLivesInTheSecretServiceAndARecoveryFileBringsItBack() throws Exception {
        Path data = dir.resolve("data");
        try (SecretServicePeer secrets = SecretServicePeer.start(dir.resolve("peer"))) {
            PaybandProcess session = PaybandProcess.on(data);
            for (var e : secrets.environment().entrySet()) {
                session = session.env(e.getKey(), e.getValue());
            }
            PaybandProcess admin = session.as("admin", ADMIN_PASSWORD);

            String created = session.env("PAYBAND_PASSWORD", ADMIN_PASSWORD)
                    .run("admin", "init", "--user", "admin").expectSuccess().stdout();
            assertThat(created).contains("credential store");
            String keys = Files.readString(data.resolve("keys.json"));
            assertThat(keys).contains("\"protection\" : \"os-credential-store\"").doesNotContain("salt");

            assertThat(admin.run("db", "stats", "--json").expectSuccess().stdout()).contains("\"staffAccounts\" : 1");

            // the same user without their desktop session: the key is out of reach, said plainly
            assertThat(admin.without("DBUS_SESSION_BUS_ADDRESS").run("db", "stats").expectFailure(ExitCode.KEY_UNAVAILABLE))
                    .contains("credential store");

            Path recovery = dir.resolve("recovery.json");
            admin.env("PAYBAND_RECOVERY_PASSPHRASE", RECOVERY)
                    .run("key", "export-recovery", "--out", recovery.toString()).expectSuccess();
            assertThat(Files.readString(recovery)).contains("\"protection\" : \"passphrase\"");

            secrets.loseKeyrings();
            assertThat(admin.run("db", "stats").expectFailure(ExitCode.KEY_UNAVAILABLE)).contains("key recover");

            admin.env("PAYBAND_RECOVERY_PASSPHRASE", "not the recovery passphrase")
                    .run("key", "recover", "--from", recovery.toString(), "--key-protection", "os")
                    .expectFailure(ExitCode.KEY_UNAVAILABLE);
            admin.env("PAYBAND_RECOVERY_PASSPHRASE", RECOVERY)
                    .run("key", "recover", "--from", recovery.toString(), "--key-protection", "os").expectSuccess();
            assertThat(admin.run("db", "stats", "--json").expectSuccess().stdout()).contains("\"staffAccounts\" : 1");
            assertThat(admin.run("audit", "list", "--action", "KEY_RECOVERED", "--json").expectSuccess().stdout())
                    .contains("KEY_RECOVERED");
            admin.run("audit", "verify").expectSuccess();
        }
    }
}

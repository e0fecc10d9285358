package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.sync.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backend register} and {@code backend status} as an administrator types them, against a real backend on
 * loopback: the codes they exit with and what they say, in English and Chinese.
 */
class CommandLineBackendTest {

    private static final String PASSPHRASE = "a shop's store passphrase";
    private static final String PASSWORD = com.payband.console.TestStores.PASSWORD;

    @TempDir
    Path store;

    @TempDir
    Path backendDir;

    @Test
    void anAdministratorRegistersTheConsoleAndSeesItsStatus() throws Exception {
        PaybandProcess admin = PaybandProcess.newStoreAsAdmin(store, PASSPHRASE, PASSWORD);
        try (TestBackend backend = TestBackend.start(backendDir)) {
            assertThat(admin.run("backend", "status").expectExit(ExitCode.NOT_FOUND).stdout())
                    .contains("not registered with a backend");
            assertThat(admin.run("backend", "register", "--url", backend.url(), "--code", "ABCD")
                    .expectFailure(ExitCode.USAGE)).contains("24 letters and digits");

            String code = backend.code();
            String said = admin.run("backend", "register", "--url", backend.url(), "--code", code.toLowerCase(),
                    "--name", "Shop 7").expectSuccess().stdout();
            assertThat(said).contains("Registered with " + backend.url());
            String json = admin.run("backend", "status", "--json").expectSuccess().stdout();
            assertThat(json).contains("\"registered\" : true").contains("\"reachable\" : true")
                    .contains("\"name\" : \"Shop 7\"").contains("\"lastError\" : null");

            // registered: registering again is refused unless it is meant to replace the registration
            assertThat(admin.run("backend", "register", "--url", backend.url(), "--code", backend.code())
                    .expectFailure(ExitCode.REFUSED)).contains("registered with a backend already").contains("--replace");
            assertThat(admin.run("backend", "register", "--url", backend.url(), "--code", backend.code(),
                    "--keep-unsent").expectFailure(ExitCode.USAGE)).contains("--keep-unsent goes with --replace");
            assertThat(admin.env("LANG", "zh_CN.UTF-8").run("backend", "register", "--url", backend.url(), "--code",
                    code, "--replace").expectFailure(ExitCode.BACKEND_REFUSED)).contains("后台拒绝了该注册码");
            assertThat(admin.run("audit", "list", "--action", "BACKEND_REGISTERED", "--json").expectSuccess().stdout())
                    .contains("SUCCESS").contains("ALREADY_REGISTERED").contains("CODE_REFUSED");

            assertThat(admin.run("sync", "now", "--json").expectSuccess().stdout()).contains("\"sent\" : 0")
                    .contains("\"queued\" : 0");
            String sync = admin.run("sync", "status", "--json").expectSuccess().stdout();
            // the sync took the (empty) revocation list: its head signed moments ago
            assertThat(sync).contains("\"queued\" : 0").contains("\"lastError\" : null")
                    .containsPattern("\"revocationListAge\" : \"PT[0-9.]+S\"").doesNotContain("\"lastSuccess\" : null");
            assertThat(admin.run("sync", "status").expectSuccess().stdout()).contains("List of stolen bands: as of")
                    .doesNotContain("more than 24 hours");
            String consoleId = json.replaceAll("(?s).*\"consoleId\" : \"([^\"]+)\".*", "$1");
            backend.revoke(consoleId);
            assertThat(admin.run("backend", "status").expectExit(ExitCode.BACKEND_REFUSED).stdout())
                    .contains("revoked this console");
        }
        // the backend is gone
        assertThat(admin.run("backend", "status", "--json").expectExit(ExitCode.BACKEND_UNREACHABLE).stdout())
                .contains("\"reachable\" : false").contains("\"lastError\" : \"UNREACHABLE\"");
        assertThat(admin.run("sync", "now").expectFailure(ExitCode.BACKEND_UNREACHABLE)).contains("does not answer");
        assertThat(admin.run("sync", "status", "--json").expectSuccess().stdout())
                .contains("\"lastError\" : \"UNREACHABLE\"");
    }

    /**
     * The store's backend is gone for good while a loss reported here waits for it: --replace is refused and says the
     * way out; --replace --keep-unsent registers with the new backend, says how many changes it keeps here, and the
     * next sync keeps the loss here only.
     */
    @Test
    void aBackendGoneForGoodIsReplacedWithKeepUnsent() throws Exception {
        PaybandProcess admin = PaybandProcess.newStoreAsAdmin(store, PASSPHRASE, PASSWORD);
        PaybandProcess clerk = clerkOf(admin);
        try (TestBackend old = TestBackend.start(backendDir.resolve("old"));
                TestBackend other = TestBackend.start(backendDir.resolve("other"))) {
            com.payband.console.sync.TcpRelay gone = new com.payband.console.sync.TcpRelay(old.uri());
            admin.run("backend", "register", "--url", gone.url(), "--code", old.code()).expectSuccess();
            clerk.run("enroll", "--sim", "--band", "PB100001").expectSuccess();
            gone.close();
            clerk.run("lifecycle", "report-lost", "--band", "PB100001").expectSuccess();

            String code = other.code();
            assertThat(admin.run("backend", "register", "--url", other.url(), "--code", code, "--replace")
                    .expectFailure(ExitCode.REFUSED)).contains("--keep-unsent");
            assertThat(admin.run("backend", "register", "--url", other.url(), "--code", code, "--replace",
                    "--keep-unsent").expectSuccess().stdout()).contains("Registered with")
                    .contains("Changes that had not reached the old backend: 1.");
            admin.run("sync", "now").expectSuccess();
            assertThat(admin.run("sync", "status", "--json").expectSuccess().stdout())
                    .contains("\"keptElsewhere\" : 1").contains("\"queued\" : 0");
            assertThat(admin.run("audit", "list", "--action", "BACKEND_REGISTERED", "--json").expectSuccess().stdout())
                    .contains("CHANGES_NOT_SENT").contains("lost or stolen reports 1");
        }
    }

    @Test
    void onlyAnAdministratorRegisters() throws Exception {
        PaybandProcess admin = PaybandProcess.newStoreAsAdmin(store, PASSPHRASE, PASSWORD);
        PaybandProcess clerk = clerkOf(admin);
        try (TestBackend backend = TestBackend.start(backendDir)) {
            assertThat(clerk.run("backend", "register", "--url", backend.url(), "--code", backend.code())
                    .expectFailure(ExitCode.ACCESS_DENIED)).contains("register this console with a backend");
            // what everybody may see
            clerk.run("backend", "status").expectExit(ExitCode.NOT_FOUND);
        }
    }

    /** A retail clerk added by the administrator, signed in with the password they chose. */
    private static PaybandProcess clerkOf(PaybandProcess admin) throws Exception {
        admin.env("PAYBAND_NEW_PASSWORD", "first password of a new clerk 9").run("staff", "add", "clerk.wu", "--role",
                "RETAIL_STAFF").expectSuccess();
        admin.as("clerk.wu", "first password of a new clerk 9").env("PAYBAND_NEW_PASSWORD", "the clerk's own password 5")
                .run("password", "change").expectSuccess();
        return admin.as("clerk.wu", "the clerk's own password 5");
    }
}

package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.sync.CabledBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's way through an outage: {@code enroll --queue-if-offline} takes the customer and queues the bind
 * when the backend cannot be reached, {@code sync status} says what waits, {@code sync now} binds it once the backend
 * answers; in English and Chinese.
 */
class CommandLineQueueTest {

    private static final String PASSPHRASE = "a shop's store passphrase";

    @TempDir
    Path store;

    @TempDir
    Path backendDir;

    @Test
    void enrollmentsQueuedWhileTheBackendIsDownAreBoundAtTheNextSync() throws Exception {
        PaybandProcess admin = PaybandProcess.newStoreAsAdmin(store, PASSPHRASE, com.payband.console.TestStores.PASSWORD);
        admin.env("PAYBAND_NEW_PASSWORD", "first password of a new clerk 9").run("staff", "add", "clerk.wu", "--role",
                "RETAIL_STAFF").expectSuccess();
        admin.as("clerk.wu", "first password of a new clerk 9").env("PAYBAND_NEW_PASSWORD", "the clerk's own password 5")
                .run("password", "change").expectSuccess();
        PaybandProcess clerk = admin.as("clerk.wu", "the clerk's own password 5");
        try (CabledBackend backend = CabledBackend.start(backendDir)) {
            admin.run("backend", "register", "--url", backend.url(), "--code", backend.backend().code()).expectSuccess();
            backend.down();

            // without the option the clerk is told the issuer cannot be reached, and nothing waits
            assertThat(clerk.run("enroll", "--sim", "--band", "PB100001").expectFailure(ExitCode.BAND_UNREACHABLE))
                    .contains("issuer could not be reached");
            assertThat(clerk.run("sync", "status", "--json").expectSuccess().stdout())
                    .contains("\"enrollmentsWaiting\" : 0");

            assertThat(clerk.run("enroll", "--sim", "--band", "PB100001", "--queue-if-offline", "--json")
                    .expectSuccess().stdout()).contains("\"state\" : \"QUEUED\"").contains("\"bandSerial\" : \"PB100001\"");
            assertThat(clerk.env("LANG", "zh_CN.UTF-8").run("enroll", "--sim", "--card", "ayigul", "--band", "PB100002",
                    "--queue-if-offline").expectSuccess().stdout()).contains("手环 PB100002 已在开通队列中");
            assertThat(clerk.run("sync", "status").expectSuccess().stdout())
                    .contains("Enrollments waiting for the backend: 2");

            backend.back();
            assertThat(clerk.run("sync", "now", "--json").expectSuccess().stdout()).contains("\"queuedBound\" : 2")
                    .contains("\"queuedRefused\" : 0").contains("\"queuedWaiting\" : 0");
            assertThat(clerk.run("band", "info", "--sim", "PB100002").expectSuccess().stdout())
                    .contains("a binding of this console, ACTIVE");
            assertThat(clerk.run("sync", "status", "--json").expectSuccess().stdout())
                    .contains("\"enrollmentsWaiting\" : 0");
            assertThat(admin.run("audit", "list", "--action", "ENROLLMENT_QUEUED", "--json").expectSuccess().stdout())
                    .contains("PB100001").contains("PB100002");
        }
    }
}

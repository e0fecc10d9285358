package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.sync.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as shipped holds no issuer: registered with no backend, it binds nothing (the clerk is told why and
 * the bind may wait in the queue), no issuer key is ever made in its data folder, and the first sync after an
 * administrator registers it with a backend makes the waiting bind, signed by the backend's issuer.
 */
class CommandLineUnregisteredTest {

    private static final String PASSPHRASE = "a shop's store passphrase";

    @TempDir
    Path store;

    @TempDir
    Path backendDir;

    @Test
    void anUnregisteredConsoleBindsNothingUntilItIsRegisteredThenTheQueuedBindIsMade() throws Exception {
        PaybandProcess shipped = PaybandProcess.on(store).shipped().env("PAYBAND_PASSPHRASE", PASSPHRASE);
        shipped.env("PAYBAND_PASSWORD", TestStores.PASSWORD).run("admin", "init", "--user", "admin").expectSuccess();
        PaybandProcess admin = shipped.as("admin", TestStores.PASSWORD);
        PaybandProcess clerk = admin.member("clerk.wu", "RETAIL_STAFF");

        assertThat(clerk.run("enroll", "--sim", "--band", "PB100001").expectFailure(ExitCode.BACKEND_UNREACHABLE))
                .contains("not registered with a backend");
        assertThat(clerk.env("LANG", "zh_CN.UTF-8").run("enroll", "--sim", "--band", "PB100001")
                .expectFailure(ExitCode.BACKEND_UNREACHABLE)).contains("尚未在后台注册");
        assertThat(clerk.run("enroll", "--sim", "--band", "PB100001", "--queue-if-offline", "--json").expectSuccess()
                .stdout()).contains("\"state\" : \"QUEUED\"");
        assertThat(clerk.run("band", "info", "--sim", "PB100001").expectSuccess().stdout()).doesNotContain("a binding of this console");
        assertThat(issuerFiles()).as("no issuer key or state in the console's data folder").isEmpty();
        // a list of stolen bands imported here is in force here only, and said so: nothing pretends to reach other stores
        Path list = Files.writeString(store.resolveSibling("stolen.csv"), "serial,reason,reference\nPB900001,STOLEN,P1\n");
        assertThat(admin.member("agent.li", "SUPPORT_AGENT").run("lifecycle", "import", list.toString(), "--json")
                .expectSuccess().stdout()).contains("\"backend\" : \"NOT_REGISTERED\"");

        try (TestBackend backend = TestBackend.start(backendDir)) {
            admin.run("backend", "register", "--url", backend.url(), "--code", backend.code()).expectSuccess();
            assertThat(clerk.run("sync", "now", "--json").expectSuccess().stdout()).contains("\"queuedBound\" : 1")
                    .contains("\"queuedWaiting\" : 0");
            assertThat(clerk.run("band", "info", "--sim", "PB100001").expectSuccess().stdout())
                    .contains("a binding of this console, ACTIVE");
            assertThat(backend.events().count()).as("the backend received the binding's events").isPositive();
        }
        assertThat(issuerFiles()).isEmpty();
    }

    private java.util.List<Path> issuerFiles() throws java.io.IOException {
        try (Stream<Path> all = Files.walk(store)) {
            return all.filter(p -> p.getFileName().toString().contains("issuer")
                    && !p.getFileName().toString().equals("factory-issuer-root")).toList();
        }
    }
}

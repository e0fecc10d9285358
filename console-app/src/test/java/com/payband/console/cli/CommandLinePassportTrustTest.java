package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passports whose chip does not hold up, on the command line: a tampered chip (passive authentication
 * fails) is refused at registration and the refusal audited; the rule for chips nobody can check (no
 * CSCA trusted here) is a store setting that only takes REFUSE or ACCEPT.
 */
class CommandLinePassportTrustTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void aTamperedPassportIsRefusedAtRegistrationAndTheRefusalAudited() throws Exception {
        try (ConsoleServices services = TestStores.create(data)) {
            TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        }
        PaybandProcess clerk = PaybandProcess.on(data).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE)
                .as("clerk", TestStores.passwordOf("clerk"));
        PaybandProcess admin = clerk.as(TestStores.ADMIN, TestStores.PASSWORD);

        JsonNode read = JSON.readTree(clerk.run("reader", "read", "--sim", "--card", "passport-tampered", "--json")
                .expectSuccess().stdout());
        assertThat(read.get("passiveAuthentication").asText()).isEqualTo("INVALID");
        assertThat(read.get("checks").get("accepted").asBoolean()).isFalse();
        assertThat(read.get("checks").get("refusals").toString()).contains("PASSIVE_AUTHENTICATION_FAILED");

        assertThat(clerk.run("customers", "register", "--sim", "--card", "passport-tampered")
                .expectFailure(ExitCode.REFUSED)).contains("failed authentication");
        assertThat(clerk.run("customers", "find", "--name", "EVE MALLORY").expectSuccess().stdout())
                .doesNotContain("MALLORY");
        JsonNode refused = JSON.readTree(admin.run("audit", "list", "--action", "DOCUMENT_REFUSED", "--json")
                .expectSuccess().stdout()).get("events");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).get("reason").asText()).isEqualTo("PASSIVE_AUTHENTICATION_FAILED");
        assertThat(refused.get(0).get("actor").asText()).isEqualTo("clerk");

        // the rule for chips nobody can check: REFUSE (the default) or ACCEPT, nothing else
        assertThat(admin.run("settings", "list").expectSuccess().stdout()).contains("UNCHECKED_PASSPORTS")
                .contains("REFUSE");
        admin.run("settings", "set", "UNCHECKED_PASSPORTS", "MAYBE").expectFailure(ExitCode.REFUSED);
        admin.run("settings", "set", "UNCHECKED_PASSPORTS", "ACCEPT").expectSuccess();
        assertThat(admin.run("settings", "list").expectSuccess().stdout()).contains("ACCEPT");
    }
}

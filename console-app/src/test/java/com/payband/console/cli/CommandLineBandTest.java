package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The band commands as scripts and staff run them: separate processes, JSON, exit codes, one stderr line. */
class CommandLineBandTest {

    static final String PASSWORD = "Harbour-Lantern-Password-58";
    static final String CLERK_PASSWORD = "Counter-Willow-Password-64";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static PaybandProcess clerk;

    /** The store's backend: its issuer signs the binds. */
    static com.payband.console.sync.TestBackend backend;

    @BeforeAll
    static void store() throws Exception {
        backend = com.payband.console.sync.TestBackend.start(temp.resolve("backend"));
        clerk = deskOfNewStore(temp.resolve("data"), "passphrase of the band test", backend);
    }

    /**
     * A store made and registered with the backend by its administrator, with a member "desk" (retail staff and
     * support agent) who has set their own password: the command line as that member.
     */
    static PaybandProcess deskOfNewStore(Path data, String passphrase, com.payband.console.sync.TestBackend backend) {
        PaybandProcess cli = PaybandProcess.newStoreAsAdmin(data, passphrase, PASSWORD);
        cli.registerWith(backend);
        cli.env("PAYBAND_NEW_PASSWORD", "first password 9171")
                .run("staff", "add", "desk", "--role", "RETAIL_STAFF,SUPPORT_AGENT").expectSuccess();
        cli.as("desk", "first password 9171").env("PAYBAND_NEW_PASSWORD", CLERK_PASSWORD).run("password", "change")
                .expectSuccess();
        return cli.as("desk", CLERK_PASSWORD);
    }

    @org.junit.jupiter.api.AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aScanListsTheSampleBandsStrongestFirst() throws Exception {
        JsonNode bands = JSON.readTree(clerk.run("band", "scan", "--sim", "--seconds", "1", "--json").expectSuccess()
                .stdout()).get("bands");
        List<String> serials = new ArrayList<>();
        List<Integer> rssi = new ArrayList<>();
        bands.forEach(b -> {
            serials.add(b.get("serial").asText());
            rssi.add(b.get("rssi").asInt());
            assertThat(b.get("simulated").asBoolean()).isTrue();
        });
        assertThat(serials).contains("PB100001", "PB200001", "PB300001", "PB500001", "PB800001").hasSize(10);
        assertThat(serials.get(0)).isEqualTo("PB100001");
        assertThat(rssi).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(clerk.run("band", "scan", "--sim", "--seconds", "-1").expectFailure(ExitCode.USAGE))
                .contains("--seconds takes a whole number from 1 on, not -1");
    }

    @Test
    void bandInfoSaysGenuineStolenOrCounterfeit() throws Exception {
        JsonNode stolen = JSON.readTree(clerk.run("band", "info", "PB300001", "--sim", "--json").expectSuccess().stdout());
        assertThat(stolen.get("reportedStolen").asBoolean()).isTrue();
        assertThat(stolen.get("bindingKnownHere").asBoolean()).isFalse();
        assertThat(stolen.get("state").asText()).isEqualTo("BOUND");
        assertThat(clerk.run("band", "info", "pb-500001", "--sim").expectFailure(ExitCode.BAND_REFUSED))
                .contains("not genuine");
        assertThat(clerk.run("band", "info", "PB999999", "--sim").expectFailure(ExitCode.BAND_UNREACHABLE))
                .contains("not in range");
        assertThat(clerk.run("band", "info", "XX1", "--sim").expectFailure(ExitCode.USAGE)).contains("not a band serial");
    }

    @Test
    void enrollBindsAndPaysThenTheBandLeadsToItsCustomer() throws Exception {
        JsonNode enrolled = JSON.readTree(clerk.run("enroll", "--sim", "--card", "zhang-wei", "--band", "PB100002", "--json")
                .expectSuccess().stdout());
        assertThat(enrolled.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(enrolled.get("payment").asText()).isEqualTo("ACCEPTED");
        assertThat(enrolled.get("maskedName").asText()).isEqualTo("张*");
        JsonNode found = JSON.readTree(clerk.run("customers", "find", "--band", "PB100002", "--json").expectSuccess().stdout());
        assertThat(found.get("matches").get(0).get("customerId").asText()).isEqualTo(enrolled.get("customerId").asText());
        assertThat(clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB100002").expectFailure(ExitCode.BAND_REFUSED))
                .contains("bound to another person");
        assertThat(clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB300001").expectFailure(ExitCode.BAND_REFUSED))
                .contains("REPORTED STOLEN");
        assertThat(clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB400001").expectFailure(ExitCode.BAND_REFUSED))
                .contains("battery");
        assertThat(clerk.run("--lang", "zh", "enroll", "--sim", "--card", "ayigul", "--band", "PB500001")
                .expectFailure(ExitCode.BAND_REFUSED)).contains("不是正品");
        assertThat(clerk.run("band", "reconcile", "--sim").expectSuccess().stdout()).contains("No unfinished bind");
        JsonNode audit = JSON.readTree(clerk.as("admin", PASSWORD).run("audit", "list", "--action", "ENROLLMENT_REFUSED",
                "--json").expectSuccess().stdout()).get("events");
        List<String> reasons = new ArrayList<>();
        audit.forEach(e -> reasons.add(e.get("reason").asText()));
        assertThat(reasons).contains("BOUND_TO_ANOTHER", "REPORTED_STOLEN", "BATTERY_LOW", "COUNTERFEIT");
    }
}

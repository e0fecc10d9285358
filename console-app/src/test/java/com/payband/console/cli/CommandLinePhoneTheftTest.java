package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.ReasonCode;
import com.payband.console.staff.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anti-theft attacks as a trainer shows them on the command line (separate processes, the
 * simulator's phones): {@code band phone --sim --as owner|thief pair|unlock|pay SERIAL} answers what the
 * band said, a thief gets nothing from a band enrolled here nor from one on the shelf, a phone code that
 * is not one and a band a thief pre-paired are refused, and a suspended band's codes are refused at the till.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLinePhoneTheftTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    static PaybandProcess clerk;
    static String ownerFingerprint;
    static UUID binding;

    /** The store's backend (its issuer signs the binds), for the whole class. */
    static com.payband.console.sync.TestBackend backend;

    @BeforeAll
    static void enrolled() throws Exception {
        backend = com.payband.console.sync.TestBackend.start(java.nio.file.Files.createTempDirectory("payband-backend-"));
        try (ConsoleServices services = TestStores.create(data)) {
            services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Shop");
            TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        }
        clerk = PaybandProcess.on(data).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE)
                .as("clerk", TestStores.passwordOf("clerk"));
        JsonNode enrolled = JSON.readTree(clerk.run("enroll", "--sim", "--card", "zhang-wei", "--band", "PB100001", "--json")
                .expectSuccess().stdout());
        assertThat(enrolled.get("payment").asText()).isEqualTo("ACCEPTED");
        ownerFingerprint = enrolled.get("phoneFingerprint").asText();
        binding = UUID.fromString(enrolled.get("bindingId").asText());
        assertThat(ownerFingerprint).hasSize(64);
    }

    @org.junit.jupiter.api.AfterAll
    static void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private static JsonNode phone(int exit, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("band", "phone", "--sim", "--json"));
        all.addAll(List.of(args));
        return JSON.readTree(clerk.run(all.toArray(String[]::new)).expectExit(exit).stdout());
    }

    @Test
    @Order(1)
    void aThiefsPhoneCannotPairUnlockOrPayWithABandEnrolledHere() throws Exception {
        assertThat(phone(ExitCode.BAND_REFUSED, "--as", "thief", "pair", "PB100001").get("band").asText())
                .isEqualTo("PHONE_SLOT_TAKEN");
        assertThat(phone(ExitCode.BAND_REFUSED, "--as", "thief", "unlock", "PB100001").get("band").asText())
                .isEqualTo("UNAUTHORISED");
        JsonNode pay = phone(ExitCode.BAND_REFUSED, "--as", "thief", "pay", "PB100001");
        assertThat(pay.get("band").asText()).isEqualTo("NOT_UNLOCKED");
        assertThat(pay.has("paymentCode")).isFalse();
        // the words a trainer reads out
        String said = clerk.run("band", "phone", "--sim", "--as", "thief", "pay", "PB100001").expectExit(ExitCode.BAND_REFUSED)
                .stdout();
        assertThat(said).contains("A thief's phone").contains("The band refused (NOT_UNLOCKED)").contains("locked");
        assertThat(clerk.run("--lang", "zh", "band", "phone", "--sim", "--as", "thief", "unlock", "PB100001")
                .expectExit(ExitCode.BAND_REFUSED).stdout()).contains("窃贼的手机").contains("未获授权");
    }

    @Test
    @Order(2)
    void theOwnersPhoneIsTheOneLinkedAndItsCodesPay() throws Exception {
        JsonNode pair = phone(ExitCode.OK, "--as", "owner", "pair", "PB100001");
        assertThat(pair.get("band").asText()).isEqualTo("OK");
        assertThat(pair.get("phoneFingerprint").asText()).isEqualTo(ownerFingerprint);
        JsonNode pay = phone(ExitCode.OK, "--as", "owner", "pay", "PB100001");
        assertThat(pay.get("paymentCode").asText()).startsWith("PBPAY1:");
        assertThat(pay.get("issuer").asText()).isEqualTo("ACCEPTED");
        JsonNode info = JSON.readTree(clerk.run("band", "info", "PB100001", "--sim", "--json").expectSuccess().stdout());
        assertThat(info.get("phoneFingerprint").asText()).isEqualTo(ownerFingerprint);
    }

    @Test
    @Order(3)
    void aBandOnTheShelfTakesNoPhoneAtAll() throws Exception {
        assertThat(phone(ExitCode.BAND_REFUSED, "--as", "thief", "pair", "PB100003").get("band").asText())
                .isEqualTo("NOT_BOUND");
        String owner = clerk.run("band", "phone", "--sim", "--as", "owner", "unlock", "PB100003")
                .expectExit(ExitCode.BAND_REFUSED).stdout();
        assertThat(owner).contains("No phone is linked to band PB100003").contains("NOT_BOUND");
    }

    @Test
    @Order(4)
    void enrollmentRefusesAScanThatIsNoPhoneCodeAndABandAThiefPrepaired() throws Exception {
        assertThat(clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB100003", "--phone-key", "PB100003")
                .expectFailure(ExitCode.REFUSED)).contains("not a PayBand phone code");
        assertThat(clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB800001")
                .expectFailure(ExitCode.BAND_REFUSED)).contains("before the sale");
        // the thief's phone still holds the flawed band, and it is no customer's band
        assertThat(phone(ExitCode.OK, "--as", "thief", "pair", "PB800001").get("band").asText()).isEqualTo("OK");
        assertThat(clerk.run("band", "reconcile", "--sim").expectSuccess().stdout()).contains("No unfinished bind");
    }

    @Test
    @Order(5)
    void aSuspendedBandStillGivesItsOwnerACodeThatNoTillAccepts() throws Exception {
        try (ConsoleServices services = TestStores.open(data)) {
            var agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
            services.lifecycle().transition(agent, binding, ReasonCode.LOST, Optional.empty());
        }
        JsonNode pay = phone(ExitCode.BAND_REFUSED, "--as", "owner", "pay", "PB100001");
        assertThat(pay.get("band").asText()).isEqualTo("OK");
        assertThat(pay.get("issuer").asText()).isEqualTo("BINDING_NOT_ACTIVE");
        assertThat(clerk.run("band", "phone", "--sim", "--as", "owner", "pay", "PB100001").expectExit(ExitCode.BAND_REFUSED)
                .stdout()).contains("the issuer refused it").contains("not active");
        assertThat(clerk.run("band", "phone", "--sim", "--as", "nobody", "pay", "PB100001").expectFailure(ExitCode.USAGE))
                .contains("--as owner or --as thief");
    }
}

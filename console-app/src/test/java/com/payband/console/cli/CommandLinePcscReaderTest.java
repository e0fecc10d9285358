package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.console.i18n.Messages;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.pcsc.CscaTrustList;
import com.payband.drivers.idcard.pcsc.PassiveAuthenticationReport;
import com.payband.drivers.idcard.pcsc.PcscContext;
import com.payband.drivers.idcard.pcsc.PcscReaders;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import com.payband.drivers.idcard.pcsc.sim.EmrtdPki;
import com.payband.drivers.idcard.pcsc.sim.PassportApplet;
import com.payband.drivers.idcard.pcsc.sim.PassportChip;
import com.payband.drivers.idcard.pcsc.sim.PassportHolder;
import com.payband.drivers.idcard.pcsc.sim.VirtualCard;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code reader read --pcsc} and {@code reader list} as a separate process against the real PC/SC stack:
 * pcscd with vsmartcard's vpcd (started, and stopped at the JVM's exit, by device-drivers' test helper
 * {@code Pcscd}, as the driver's own PC/SC tests do) and the project's virtual passport, in this JVM, on
 * "Virtual PCD 00 00" for the whole class (every read connects anew). The command line under test
 * knows nothing of this: it talks to pcscd as it would with a real reader. One PC/SC test run per
 * machine at a time (pcscd's socket is machine-wide).
 */
class CommandLinePcscReaderTest {

    static final String READER_0 = "Virtual PCD 00 00";
    static final String READER_1 = "Virtual PCD 00 01";
    static final String PASSWORD = "Pcsc-Plover-Password-53";
    static final String PASSPHRASE = "passphrase of the PC/SC reader test store";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static PaybandProcess admin;
    static Path trust;
    static PassportHolder anna;
    static PassportApplet applet;
    static VirtualCard card;
    static PcscReaders watcher;

    @BeforeAll
    static void passportOnTheReader() throws Exception {
        startPcscd();
        admin = PaybandProcess.newStoreAsAdmin(temp.resolve("data"), PASSPHRASE, PASSWORD);

        EmrtdPki pki = EmrtdPki.create("UT", Instant.now());
        trust = temp.resolve("trust");
        pki.writeCsca(trust);
        anna = PassportHolder.specimen(LocalDate.now());
        applet = new PassportApplet(PassportChip.issue(pki, anna, ChipVariant.GENUINE));
        card = new VirtualCard(applet, 0);
        watcher = PcscReaders.start(CscaTrustList.empty(), Clock.systemUTC());
        assertThat(card.insertAndWait(5, TimeUnit.SECONDS)).as("vpcd took the virtual passport").isTrue();
        awaitCard(true);
    }

    @AfterAll
    static void takeItOff() {
        if (card != null) {
            card.remove();
            awaitCard(false); // so that a later PC/SC test does not take its own card for this one
        }
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void aPassportIsReadWithItsMrzAndAuthenticatedAgainstTheTrustFolder() throws Exception {
        PaybandProcess.Result read = admin.run("reader", "read", "--pcsc", READER_0, "--mrz", anna.mrz(),
                "--csca", trust.toString(), "--json").expectSuccess();

        JsonNode doc = JSON.readTree(read.stdout());
        List<String> fields = new ArrayList<>(CommandLineReaderTest.DOCUMENTED_FIELDS);
        fields.addAll(CommandLineReaderTest.FURTHER_FIELDS);
        assertThat(fieldNames(doc)).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(doc.get("documentType").asText()).isEqualTo("PASSPORT");
        assertThat(doc.get("name").asText()).isEqualTo("ANNA MARIA ERIKSSON");
        assertThat(doc.get("sex").asText()).isEqualTo("FEMALE");
        assertThat(doc.get("birthDate").asText()).isEqualTo("1974-08-12");
        assertThat(doc.get("validUntil").asText()).isEqualTo(anna.expiryDate().toString());
        assertThat(doc.get("documentNumber").asText()).isEqualTo("L898902C3");
        assertThat(doc.get("idNumber").asText()).isEqualTo("L898902C3");
        assertThat(doc.get("nationality").asText()).isEqualTo("UTO");
        assertThat(doc.get("issuingState").asText()).isEqualTo("UTO");
        assertThat(doc.get("passiveAuthentication").asText()).isEqualTo("VALID");
        assertThat(doc.get("nation").isNull()).isTrue();
        assertThat(doc.get("photoSha256").asText()).matches("[0-9a-f]{64}");
        assertThat(doc.get("simulated").asBoolean()).as("a Utopia specimen on a virtual reader").isTrue();
        assertThat(doc.get("checks").get("accepted").asBoolean()).isTrue();
        assertThat(doc.get("checks").get("warnings")).isEmpty();

        PaybandProcess.Result text = admin.run("reader", "read", "--pcsc", "pcsc:" + READER_0, "--mrz",
                anna.line1() + "\n" + anna.line2(), "--csca", trust.toString()).expectSuccess();
        assertThat(text.stdout()).contains("L898902C3", "Chip check", "valid (signed by a trusted authority)")
                .doesNotContain("No trusted CSCA");
    }

    @Test
    void aPassportSignedUnderACscaNobodyTrustsIsInvalidWhenTheTrustFolderHoldsAnchors() throws Exception {
        // a forger's own CSCA for Utopia, named unlike the one in the trust folder
        EmrtdPki forger = EmrtdPki.create("UT", "CSCA UT Prime", Instant.now());
        PassportApplet genuine = applet;
        swapCard(new PassportApplet(PassportChip.issue(forger, anna, ChipVariant.GENUINE)));
        try {
            JsonNode doc = JSON.readTree(admin.run("reader", "read", "--pcsc", READER_0, "--mrz", anna.mrz(),
                    "--csca", trust.toString(), "--json").expectSuccess().stdout());
            assertThat(doc.get("passiveAuthentication").asText()).isEqualTo("INVALID");
            assertThat(doc.get("checks").get("accepted").asBoolean()).isFalse();
            assertThat(doc.get("checks").get("refusals").toString()).contains("PASSIVE_AUTHENTICATION_FAILED");
            assertThat(admin.run("reader", "read", "--pcsc", READER_0, "--mrz", anna.mrz(), "--csca", trust.toString())
                    .expectSuccess().stdout()).contains("signed under an authority this console does not trust");
        } finally {
            swapCard(genuine);
        }
    }

    /** Takes the card off reader 0 and puts one with this applet on, as pcscd sees it. */
    private static void swapCard(PassportApplet next) throws Exception {
        card.remove();
        awaitCard(false);
        applet = next;
        card = new VirtualCard(next, 0);
        assertThat(card.insertAndWait(5, TimeUnit.SECONDS)).as("vpcd took the virtual passport").isTrue();
        awaitCard(true);
    }

    @Test
    void aWrongCheckDigitIsRefusedBeforeTheCardWithTheFieldNamed() {
        String line2 = anna.line2();
        char digit = line2.charAt(19); // the birth date's check digit
        String wrong = anna.line1() + line2.substring(0, 19) + (char) ('0' + (digit - '0' + 1) % 10) + line2.substring(20);
        int commandsBefore = applet.commandCount();

        PaybandProcess.Result read = admin.run("reader", "read", "--pcsc", READER_0, "--mrz", wrong, "--json");

        assertThat(read.expectFailure(ExitCode.USAGE)).isEqualTo("payband: The MRZ given with --mrz is wrong in the"
                + " date of birth: its check digit does not match. Check it against the passport.");
        assertThat(read.stdout()).isEmpty();
        assertThat(read.stderr()).doesNotContain("740812");
        assertThat(applet.commandCount()).as("APDUs the chip received").isEqualTo(commandsBefore);

        PaybandProcess.Result zh = admin.run("--lang", "zh", "reader", "read", "--pcsc", READER_0, "--mrz", wrong);
        assertThat(zh.expectFailure(ExitCode.USAGE)).isEqualTo("payband：--mrz 给出的机读区中出生日期有误：校验位不符。请对照证件核对。");
    }

    @Test
    void anMrzTheChipRefusesSaysSoPlainly() {
        PassportHolder typo = new PassportHolder("UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO",
                LocalDate.of(1974, 8, 13), Sex.FEMALE, anna.expiryDate()); // check digits right, date wrong

        PaybandProcess.Result read = admin.run("reader", "read", "--pcsc", READER_0, "--mrz", typo.mrz(),
                "--csca", trust.toString(), "--json");

        assertThat(read.expectFailure(ExitCode.DOCUMENT_INVALID)).isEqualTo("payband: The chip did not accept the MRZ."
                + " Check the document number, date of birth and expiry date against the passport and try again.");
        assertThat(read.stdout()).isEmpty();
        admin.run("reader", "read", "--pcsc", READER_0, "--mrz", anna.mrz(), "--json").expectSuccess();
    }

    @Test
    void withoutATrustFolderTheChipIsNotCheckedAndTheOutputSaysSo() throws Exception {
        // the data folder has no csca folder: the default trust folder is missing, so empty
        PaybandProcess.Result read = admin.run("reader", "read", "--pcsc", READER_0, "--mrz", anna.mrz(), "--json")
                .expectSuccess();

        JsonNode doc = JSON.readTree(read.stdout());
        assertThat(doc.get("passiveAuthentication").asText()).isEqualTo("NOT_CHECKED");
        assertThat(doc.get("checks").get("accepted").asBoolean()).isTrue();
        assertThat(doc.get("checks").get("warnings").toString()).contains("PASSIVE_AUTHENTICATION_NOT_CHECKED");

        PaybandProcess.Result text = admin.run("reader", "read", "--pcsc", READER_0, "--mrz", anna.mrz())
                .expectSuccess();
        assertThat(text.stdout()).contains("not checked (this console trusts no CSCA)",
                "No trusted CSCA: chip authenticity will show as \"not checked\".");

        PaybandProcess.Result missing = admin.run("reader", "read", "--pcsc", READER_0, "--mrz", anna.mrz(),
                "--csca", temp.resolve("no-such-folder").toString());
        assertThat(missing.expectFailure(ExitCode.USAGE)).startsWith("payband: No trust folder at ");
    }

    @Test
    void theListShowsThePcscReadersWithTheirCards() throws Exception {
        PaybandProcess.Result list = admin.run("reader", "list", "--json").expectSuccess();

        JsonNode root = JSON.readTree(list.stdout());
        assertThat(root.get("pcscService").asText()).isEqualTo("RUNNING");
        List<JsonNode> readers = StreamSupport.stream(root.get("readers").spliterator(), false).toList();
        List<String> fields = new ArrayList<>(CommandLineSerialReaderTest.LIST_FIELDS);
        if (!fields.contains("cardPresent")) {
            fields.add("cardPresent");
        }
        for (JsonNode r : readers) {
            assertThat(fieldNames(r)).as(r.toString()).containsExactlyElementsOf(fields);
        }
        assertThat(readers.get(0).get("kind").asText()).isEqualTo("SIMULATOR");
        assertThat(readers.get(0).get("cardPresent").isNull()).isTrue();
        JsonNode withCard = entry(readers, READER_0, list);
        assertThat(withCard.get("id").asText()).isEqualTo("pcsc:" + READER_0);
        assertThat(withCard.get("kind").asText()).isEqualTo("PCSC");
        assertThat(withCard.get("status").asText()).isEqualTo("CARD_PRESENT");
        assertThat(withCard.get("cardPresent").asBoolean()).isTrue();
        assertThat(withCard.get("simulated").asBoolean()).isTrue();
        assertThat(withCard.get("path").isNull()).isTrue();
        JsonNode empty = entry(readers, READER_1, list);
        assertThat(empty.get("status").asText()).isEqualTo("READY");
        assertThat(empty.get("cardPresent").asBoolean()).isFalse();

        PaybandProcess.Result table = admin.run("reader", "list").expectSuccess();
        assertThat(table.stdout().lines().filter(l -> l.startsWith("pcsc:" + READER_0)).findFirst().orElseThrow())
                .contains("Smart-card reader (PC/SC)", "card present (simulated)");
        assertThat(table.stdout()).doesNotContain("Smart-card service");
    }

    @Test
    void aReaderPcscdDoesNotKnowIsNamedWithThoseItKnows() {
        PaybandProcess.Result read = admin.run("reader", "read", "--pcsc", "Virtual PCD 00 07", "--mrz", anna.mrz());

        assertThat(read.expectFailure(ExitCode.READER_FAILURE)).startsWith("payband: No PC/SC reader named \"Virtual PCD"
                + " 00 07\". Readers: ").contains(READER_0, READER_1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reader read --sim --pcsc X --mrz M                 | Choose one reader: --sim, --port or --pcsc, not more.
            reader read --port /dev/ttyUSB0 --pcsc X --mrz M   | Choose one reader: --sim, --port or --pcsc, not more.
            reader read --pcsc X --card ayigul --mrz M         | --card, --no-card and --fault are the simulator's: use them with --sim, not with --pcsc.
            reader read --pcsc X                               | A passport chip opens only with its MRZ: give --mrz "LINE1LINE2" (the two lines at the bottom of the photo page, without a break).
            reader read --sim --mrz M                          | --mrz and --csca are for a passport on a PC/SC reader: give --pcsc NAME as well (see "reader list").
            reader read --pcsc X --mrz P<UTOERIKSSON           | The MRZ given with --mrz is incomplete (document number): give all of its lines, one after the other.
            """)
    void aPcscReadAskedWronglyIsAUsageError(String command, String message) {
        PaybandProcess.Result run = admin.run(command.split(" "));

        assertThat(run.expectFailure(ExitCode.USAGE)).isEqualTo("payband: " + message);
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void everyServiceStateAndFindingHasItsWords() {
        for (Locale locale : Messages.SUPPORTED) {
            Messages m = new Messages(locale);
            for (PcscContext.Health h : PcscContext.Health.values()) {
                assertThat(m.has("pcsc.health." + h)).as(locale + " pcsc.health." + h).isTrue();
            }
            for (PassiveAuthenticationReport.Finding f : PassiveAuthenticationReport.Finding.values()) {
                assertThat(m.has("pa.finding." + f)).as(locale + " pa.finding." + f).isTrue();
            }
        }
    }

    private static JsonNode entry(List<JsonNode> readers, String name, PaybandProcess.Result list) {
        return readers.stream().filter(r -> name.equals(r.get("name").asText())).findFirst().orElseThrow(
                () -> new AssertionError("no entry for " + name + " in\n" + list.stdout()));
    }

    /**
     * device-drivers' {@code Pcscd.shared()}: the test JVM's own pcscd, as the driver's PC/SC tests start
     * it (package-private there, so reached by reflection from the test-jar).
     */
    private static void startPcscd() throws Exception {
        Method shared = Class.forName("com.payband.drivers.idcard.pcsc.Pcscd").getDeclaredMethod("shared");
        shared.setAccessible(true);
        shared.invoke(null);
    }

    /** Waits until pcscd has seen the card arrive on (or leave) reader 0, as VirtualPassports.awaitCard does. */
    private static void awaitCard(boolean present) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            watcher.refresh();
            if (watcher.list().stream().anyMatch(r -> r.name().equals(READER_0) && r.cardPresent() == present)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("pcscd did not see the card " + (present ? "arrive on " : "leave ") + READER_0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code reader read --sim} as a separate process, as a script reads a document: the JSON it parses,
 * and the exit code and single stderr line of each reader failure. One store for the class; the
 * administrator reads (the role may read documents, and needs no set-up).
 */
class CommandLineReaderTest {

    /** The identity fields a script may rely on (src/docs/cli.md). */
    static final List<String> DOCUMENTED_FIELDS = List.of("documentType", "name", "sex", "nation", "birthDate",
            "address", "idNumber", "issuingAuthority", "validFrom", "validUntil", "photoSha256");

    /**
     * Printed as well: pinned here so that any change to the JSON a script sees
     * (a field renamed, dropped or added) fails this test and is documented on purpose.
     */
    static final List<String> FURTHER_FIELDS = List.of("nationCode", "documentNumber", "nationality", "issuingState",
            "passiveAuthentication", "simulated", "checks");

    static final String PASSWORD = "Reader-Kestrel-Password-31";
    static final String PASSPHRASE = "passphrase of the reader test store";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static PaybandProcess admin;

    @BeforeAll
    static void store() {
        admin = PaybandProcess.newStoreAsAdmin(temp.resolve("data"), PASSPHRASE, PASSWORD);
    }

    @Test
    void aResidentIdCardIsPrintedAsTheDocumentedJsonInUtf8() throws Exception {
        PaybandProcess.Result read = admin.run("reader", "read", "--sim", "--card", "zhang-wei", "--json")
                .expectSuccess();

        JsonNode doc = JSON.readTree(read.stdout());
        assertThat(fieldNames(doc)).containsExactlyInAnyOrderElementsOf(allFields());
        assertThat(doc.get("documentType").asText()).isEqualTo("CN_RESIDENT_ID_CARD");
        assertThat(doc.get("name").asText()).isEqualTo("张伟");
        assertThat(doc.get("sex").asText()).isEqualTo("MALE");
        assertThat(doc.get("nation").asText()).isEqualTo("汉");
        assertThat(doc.get("birthDate").asText()).isEqualTo("1988-03-15");
        assertThat(doc.get("address").asText()).isEqualTo("北京市东城区景山前街4号");
        assertThat(doc.get("idNumber").asText()).matches("110101198803150\\d{2}[\\dX]");
        assertThat(doc.get("issuingAuthority").asText()).isEqualTo("北京市公安局东城分局");
        LocalDate from = LocalDate.parse(doc.get("validFrom").asText());
        LocalDate until = LocalDate.parse(doc.get("validUntil").asText());
        assertThat(until).isEqualTo(from.plusYears(20)).isAfter(LocalDate.now());
        assertThat(doc.get("photoSha256").asText()).matches("[0-9a-f]{64}");
        assertThat(doc.get("checks").get("accepted").isBoolean()).isTrue();
        assertThat(doc.get("checks").get("accepted").asBoolean()).isTrue();
        assertThat(doc.get("passiveAuthentication").isNull()).isTrue();
    }

    @Test
    void aLongTermCardHasANullValidUntil() throws Exception {
        PaybandProcess.Result read = admin.run("reader", "read", "--sim", "--card", "ayigul", "--json").expectSuccess();

        JsonNode doc = JSON.readTree(read.stdout());
        assertThat(fieldNames(doc)).containsExactlyInAnyOrderElementsOf(allFields());
        assertThat(doc.get("name").asText()).isEqualTo("阿依古丽·买买提");
        assertThat(doc.get("validUntil").isNull()).as("validUntil of a long-term card").isTrue();
        assertThat(LocalDate.parse(doc.get("validFrom").asText())).isBefore(LocalDate.now());
        assertThat(doc.get("checks").get("accepted").asBoolean()).isTrue();
    }

    @Test
    void aPassportShowsItsPassiveAuthentication() throws Exception {
        PaybandProcess.Result read = admin.run("reader", "read", "--sim", "--card", "passport-anna", "--json")
                .expectSuccess();

        JsonNode doc = JSON.readTree(read.stdout());
        assertThat(fieldNames(doc)).containsExactlyInAnyOrderElementsOf(allFields());
        assertThat(doc.get("documentType").asText()).isEqualTo("PASSPORT");
        assertThat(doc.get("passiveAuthentication").asText()).isEqualTo("VALID");
        assertThat(doc.get("name").asText()).isEqualTo("ANNA MARIA ERIKSSON");
        assertThat(doc.get("idNumber").asText()).isEqualTo("L898902C3");
        assertThat(doc.get("birthDate").asText()).isEqualTo("1974-08-12");
        assertThat(doc.get("checks").get("accepted").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0} exits {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --no-card                      | 10 | No card on the reader. Place the card on the reader and try again.
            --card=counterfeit             | 12 | The card failed its authenticity check: it may be counterfeit. Do not accept it.
            --fault=GARBLED_FRAME          | 11 | The reader sent damaged data. Try again; if it persists, reconnect the reader.
            --fault=CARD_REMOVED_MID_READ  | 10 | The card was taken off the reader during the read. Leave it in place and try again.
            """)
    void aFailedReadExitsWithItsCodeAndOneLine(String option, int exitCode, String message) {
        PaybandProcess.Result read = admin.run("reader", "read", "--sim", option, "--json");

        assertThat(read.expectFailure(exitCode)).isEqualTo("payband: " + message);
        assertThat(read.stdout()).isEmpty();
    }

    @Test
    void verboseAddsTheStackTraceToTheSameLineAndCode() {
        PaybandProcess.Result read = admin.run("--verbose", "reader", "read", "--sim", "--fault", "GARBLED_FRAME");

        read.expectExit(ExitCode.READER_FAILURE);
        List<String> lines = read.stderrLines();
        assertThat(lines.get(0))
                .isEqualTo("payband: The reader sent damaged data. Try again; if it persists, reconnect the reader.");
        assertThat(lines).as(read.output()).anyMatch(l -> l.contains("IdCardReadException"))
                .anyMatch(l -> l.startsWith("\tat com.payband."));
    }

    private static List<String> allFields() {
        List<String> all = new ArrayList<>(DOCUMENTED_FIELDS);
        all.addAll(FURTHER_FIELDS);
        return all;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

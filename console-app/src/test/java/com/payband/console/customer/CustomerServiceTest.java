package com.payband.console.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.settings.Setting;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.check.DocumentProblem;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering customers from documents, finding them by keyed hash, revealing them under audit. */
class CustomerServiceTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final ReaderInfo READER = new ReaderInfo("sim:test", "test", ReaderKind.SIMULATOR, true);

    @TempDir
    Path dir;

    private ConsoleServices services;
    private StaffSession clerk;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir, CLOCK);
        clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void aRegisteredCustomerIsFoundByNumberAndByNameHoweverTyped() throws Exception {
        ResidentIdCard zhang = (ResidentIdCard) document("zhang-wei");
        RegisteredCustomer registered = services.customers().register(clerk, zhang, READER);
        assertThat(registered.isNew()).isTrue();
        assertThat(registered.match().maskedName()).isEqualTo("张*");
        assertThat(registered.match().maskedDocumentNumber()).startsWith("1101").endsWith(zhang.idNumber().substring(14))
                .contains("**********");

        String number = zhang.idNumber();
        for (String typed : List.of(number, number.toLowerCase(), " " + number + " ", fullWidth(number))) {
            assertThat(services.customers().findByDocumentNumber(clerk, typed)).as(typed)
                    .extracting(CustomerMatch::customerId).containsExactly(registered.customerId());
        }
        for (String typed : List.of("张伟", "张 伟", " 张伟 ")) {
            assertThat(services.customers().findByName(clerk, typed).matches()).as(typed)
                    .extracting(CustomerMatch::customerId).containsExactly(registered.customerId());
        }
        assertThat(services.customers().findByName(clerk, "张").matches()).isEmpty();
        assertThat(services.customers().findByDocumentNumber(clerk, number.substring(0, 17))).isEmpty();
    }

    @Test
    void transliteratedAndPassportNamesAreFoundInEitherOrder() throws Exception {
        var ayigul = services.customers().register(clerk, document("ayigul"), READER).customerId();
        var anna = services.customers().register(clerk, document("passport-anna"), READER).customerId();
        assertThat(services.customers().findByName(clerk, "阿依古丽买买提").matches()).extracting(CustomerMatch::customerId)
                .containsExactly(ayigul);
        assertThat(services.customers().findByName(clerk, "阿依古丽・买买提").matches()).extracting(CustomerMatch::customerId)
                .containsExactly(ayigul);
        for (String typed : List.of("Anna Maria Eriksson", "ERIKSSON ANNA MARIA", "eriksson, anna-maria")) {
            assertThat(services.customers().findByName(clerk, typed).matches()).as(typed).extracting(CustomerMatch::customerId)
                    .containsExactly(anna);
        }
        assertThat(services.customers().findByDocumentNumber(clerk, "L898902C3")).extracting(CustomerMatch::customerId)
                .containsExactly(anna);
    }

    @Test
    void theSamePersonTwiceIsOneCustomerWithTwoDocumentReads() throws Exception {
        var first = services.customers().register(clerk, document("zhang-wei"), READER);
        var second = services.customers().register(clerk, document("zhang-wei"), READER);
        assertThat(second.isNew()).isFalse();
        assertThat(second.customerId()).isEqualTo(first.customerId());
        assertThat(services.customers().count()).isEqualTo(1);
    }

    @Test
    void refusedDocumentsRegisterNobodyAndTheRefusalIsAudited() throws Exception {
        assertRefused("wang-fang-expired", DocumentProblem.EXPIRED);
        assertRefused("li-qiang-bad-check", DocumentProblem.INVALID_CHECK_CHARACTER);
        assertRefused("chen-xiao-minor", DocumentProblem.UNDER_AGE);
        assertThat(services.customers().count()).isZero();
        assertThat(events(AuditAction.DOCUMENT_REFUSED)).hasSize(3);
    }

    @Test
    void theMinimumAgeIsASettingTheAdministratorChanges() throws Exception {
        services.settings().set(TestStores.admin(services), Setting.MINIMUM_AGE, "16");
        assertThat(services.customers().register(clerk, document("chen-xiao-minor"), READER).isNew()).isTrue();
        assertThat(events(AuditAction.SETTINGS_CHANGED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("18 -> 16"));
    }

    @Test
    void aPassportWithoutTrustAnchorIsAcceptedWithAWarning() throws Exception {
        RegisteredCustomer registered = services.customers().register(clerk, document("passport-unchecked"), READER);
        assertThat(registered.warnings()).containsExactly(DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED);
    }

    @Test
    void revealingShowsTheIdentityAndIsAuditedEachTime() throws Exception {
        IdDocument doc = document("ayigul");
        var id = services.customers().register(clerk, doc, READER).customerId();
        Identity identity = services.customers().reveal(clerk, id);
        assertThat(identity.fullName()).isEqualTo("阿依古丽·买买提");
        assertThat(identity.nation()).contains(Nation.ofCode(5).orElseThrow());
        assertThat(identity.validUntil()).isEmpty();
        assertThat(identity.documentNumber()).isEqualTo(doc.documentNumber());
        assertThat(identity.portraitSha256()).isEqualTo(doc.portrait().sha256());
        services.customers().reveal(clerk, id);
        assertThat(events(AuditAction.PERSONAL_DATA_VIEWED)).hasSize(2)
                .allSatisfy(e -> assertThat(e.targetId()).contains(id.toString()));
        assertThat(identity.toString()).doesNotContain("阿依古丽");
    }

    @Test
    void searchesAreAuditedWithoutTheirTerms() throws Exception {
        services.customers().register(clerk, document("zhang-wei"), READER);
        services.customers().findByName(clerk, "张伟");
        services.customers().findByDocumentNumber(clerk, "110101198803150111");
        assertThat(events(AuditAction.CUSTOMER_SEARCHED)).hasSize(2).allSatisfy(e -> {
            assertThat(e.detail().orElse("")).doesNotContain("张伟").doesNotContain("110101");
            assertThat(e.reason()).isPresent();
        });
    }

    private void assertRefused(String sample, DocumentProblem problem) {
        assertThatThrownBy(() -> services.customers().register(clerk, document(sample), READER))
                .isInstanceOfSatisfying(DocumentRefusedException.class,
                        e -> assertThat(e.checks().refusals()).contains(problem));
    }

    private List<AuditEvent> events(AuditAction action) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), events::add);
        return events;
    }

    private static IdDocument document(String sample) {
        return SampleDocuments.byName(sample).orElseThrow().document(CLOCK);
    }

    private static String fullWidth(String ascii) {
        StringBuilder out = new StringBuilder();
        ascii.chars().forEach(c -> out.append(c >= '0' && c <= '9' || c == 'X' ? (char) (c - 0x20 + 0xFF00) : (char) c));
        return out.toString();
    }
}

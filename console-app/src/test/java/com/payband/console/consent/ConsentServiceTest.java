package com.payband.console.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestCounter;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Outcome;
import com.payband.console.customer.NoSuchCustomerException;
import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.ResidentIdCard;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a customer's consent: permissioned, audited in the same transaction, and free of personal data. */
class ConsentServiceTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    private ConsoleServices services;
    private StaffSession clerk;
    private RegisteredCustomer zhang;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir, CLOCK);
        clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        zhang = TestCounter.register(services, clerk, "zhang-wei");
    }

    @AfterEach
    void close() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theLatestAcceptanceIsFoundWithItsVersionAndLanguage() throws Exception {
        ConsentService consent = services.consent();
        assertThat(consent.latest(clerk, zhang.customerId())).isEmpty();

        UUID english = consent.record(clerk, zhang.customerId(), ConsentText.current(Locale.ENGLISH));
        Consent first = consent.latest(clerk, zhang.customerId()).orElseThrow();
        assertThat(first.id()).isEqualTo(english);
        assertThat(first.language()).isEqualTo("en");

        UUID chinese = consent.record(clerk, zhang.customerId(), ConsentText.current(Locale.SIMPLIFIED_CHINESE));
        Consent latest = consent.latest(clerk, zhang.customerId()).orElseThrow();
        assertThat(latest.id()).isEqualTo(chinese).isNotEqualTo(english);
        assertThat(latest.customerId()).isEqualTo(zhang.customerId());
        assertThat(latest.consentVersion()).isEqualTo("2026-11");
        assertThat(latest.language()).isEqualTo("zh-CN");
        assertThat(latest.acceptedBy()).isEqualTo(clerk.staffId());
        assertThat(latest.acceptedAt()).isAfter(first.acceptedAt()).isBeforeOrEqualTo(CLOCK.instant());
        assertThat(latest.simulated()).as("the sample document is simulated").isTrue();

        // another customer's consent is theirs alone
        RegisteredCustomer other = TestCounter.register(services, clerk, "passport-anna");
        assertThat(consent.latest(clerk, other.customerId())).isEmpty();
    }

    @Test
    void recordingAppendsOneAuditEventNamingVersionAndLanguage() throws Exception {
        services.consent().record(clerk, zhang.customerId(), ConsentText.current(Locale.SIMPLIFIED_CHINESE));

        StaffSession admin = TestStores.admin(services);
        List<AuditEvent> events = services.auditReview().list(admin, new AuditQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(AuditAction.CONSENT_RECORDED), 100));
        assertThat(events).hasSize(1);
        AuditEvent event = events.get(0);
        assertThat(event.actorName()).isEqualTo("clerk");
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.targetType()).contains("customer");
        assertThat(event.targetId()).contains(zhang.customerId().toString());
        assertThat(event.detail()).hasValueSatisfying(d -> assertThat(d).contains("2026-11", "zh-CN"));
        assertThat(services.audit().verify().intact()).isTrue();
    }

    @Test
    void staffWithoutThePermissionAreRefusedAndNothingIsRecorded() throws Exception {
        StaffSession technician = TestStores.staff(services, "technician", Role.FIELD_TECHNICIAN);
        StaffSession auditor = TestStores.staff(services, "auditor", Role.AUDITOR);
        ConsentText text = ConsentText.current(Locale.ENGLISH);

        assertThatThrownBy(() -> services.consent().record(technician, zhang.customerId(), text))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> services.consent().record(auditor, zhang.customerId(), text))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> services.consent().latest(auditor, zhang.customerId()))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(services.consent().latest(clerk, zhang.customerId())).isEmpty();
        assertThat(count(AuditAction.CONSENT_RECORDED)).isZero();
        assertThat(count(AuditAction.ACCESS_DENIED)).isEqualTo(3);
    }

    @Test
    void anUnknownCustomerGetsNoConsent() throws Exception {
        UUID nobody = UUID.randomUUID();
        assertThatThrownBy(() -> services.consent().record(clerk, nobody, ConsentText.current(Locale.ENGLISH)))
                .isInstanceOf(NoSuchCustomerException.class);
        assertThat(services.consent().latest(clerk, nobody)).isEmpty();
        assertThat(count(AuditAction.CONSENT_RECORDED)).isZero();
    }

    @Test
    void theTableHoldsIdsVersionsAndTimesButNoPersonalData() throws Exception {
        ResidentIdCard card = (ResidentIdCard) TestCounter.document("zhang-wei");
        services.consent().record(clerk, zhang.customerId(), ConsentText.current(Locale.SIMPLIFIED_CHINESE));
        services.close();
        services = null;

        // every column, as text, through plain JDBC: what anyone holding the folder and the store key sees
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        var keys = com.payband.console.RawDatabase.keysOf(dir);
        try (var connection = java.sql.DriverManager.getConnection("jdbc:h2:file:"
                + dir.resolve("db").resolve("payband").toAbsolutePath() + ";CIPHER=AES;IFEXISTS=TRUE", "payband",
                new String(keys.filePassword()) + " " + new String(keys.userPassword()));
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM customer_consent")) {
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                columns.add(rows.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
            }
            while (rows.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    values.add(String.valueOf(rows.getObject(i)));
                }
            }
        }
        assertThat(columns).containsExactly("id", "customer_id", "consent_version", "language", "accepted_at",
                "accepted_by", "simulated");
        assertThat(values).hasSize(columns.size());
        String row = String.join("|", values);
        assertThat(row).contains(zhang.customerId().toString(), "2026-11", "zh-CN", clerk.staffId().toString());
        assertThat(row).doesNotContain(card.fullName(), card.idNumber(), card.idNumber().substring(6, 14),
                card.idNumber().substring(14), "张");
    }

    private long count(AuditAction action) {
        long[] n = {0};
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), e -> n[0]++);
        return n[0];
    }
}

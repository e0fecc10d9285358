package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.app.FailureMessages;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.i18n.Messages;
import com.payband.console.issuer.IssuerException;
import com.payband.console.staff.Role;
import com.payband.console.support.SupportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console registered with no backend has no issuer: what needs one is refused before anything is recorded (a bind,
 * once the band was checked, so that a stolen band is still refused as stolen) or an owner's card read (a reset), in
 * words that say so (not "the backend is down, try again", which would never come true).
 */
class UnregisteredConsoleTest {

    @TempDir
    Path dir;

    @Test
    void aBindIsRefusedBeforeABindingIsRecordedAndTheBandStaysFactoryNew() throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            var clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            var zhang = TestStores.customer(services, clerk, "zhang-wei");
            var phone = TestStores.phoneOf(services, clerk, zhang);
            long outboxBefore = services.outbox().pendingCount();
            BandSerial serial = new BandSerial("PB100001");

            assertThatThrownBy(() -> services.enrollment().enroll(clerk, zhang, serial, phone, step -> { }))
                    .isInstanceOfSatisfying(EnrollmentException.class, e -> assertThat(e.reason())
                            .isEqualTo(EnrollmentException.Reason.CONSOLE_NOT_REGISTERED));

            assertThat(services.lifecycle().latestBindingOfBand(serial.value())).as("no binding, not even FAILED").isEmpty();
            assertThat(services.outbox().pendingCount()).as("nothing to tell a backend").isEqualTo(outboxBefore);
            assertThat(services.simulator().radio().band(serial).orElseThrow().state()).isEqualTo(BandState.FACTORY);
            List<String> refused = new ArrayList<>();
            services.audit().forEach(AuditQuery.all(), e -> {
                if (e.action() == AuditAction.ENROLLMENT_REFUSED) {
                    refused.add(e.reason().orElse(""));
                }
            });
            assertThat(refused).containsExactly("CONSOLE_NOT_REGISTERED");
        }
    }

    @Test
    void aResetOfARecoveredBandIsRefusedAsNotRegisteredNotAsABackendAway() throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            var agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
            // PB200001 is bound (in another store); only an issuer could sign its reset
            assertThatThrownBy(() -> services.support().resetRecoveredBand(agent, new BandSerial("PB200001"),
                    Optional.empty())).isInstanceOfSatisfying(SupportException.class, e -> assertThat(e.reason())
                            .isEqualTo(SupportException.Reason.CONSOLE_NOT_REGISTERED));
            assertThat(services.simulator().radio().band(new BandSerial("PB200001")).orElseThrow().state())
                    .isEqualTo(BandState.BOUND);
        }
    }

    /** A data folder of an earlier version kept that version's simulated issuer (its root key in clear): deleted. */
    @Test
    void anEarlierVersionsIssuerKeysAreDeletedFromTheDataFolderAtStart() throws Exception {
        TestStores.create(dir).close();
        Path old = dir.resolve("simulator").resolve("issuer");
        java.nio.file.Files.createDirectories(old);
        java.nio.file.Files.writeString(old.resolve("simulated-issuer.properties"), "rootKey=MIGHAgEAMBMG\n");
        try (ConsoleServices services = TestStores.open(dir)) {
            assertThat(old).doesNotExist();
            assertThat(services.issuer().available()).isFalse();
        }
    }

    @Test
    void theIssuerAskedDirectlySaysInWordsThatTheConsoleIsNotRegistered() throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            assertThat(services.issuer().available()).isFalse();
            IssuerException e = org.junit.jupiter.api.Assertions.assertThrows(IssuerException.class,
                    () -> services.issuer().bindingState(java.util.UUID.randomUUID()));
            assertThat(FailureMessages.describe(e, new Messages(Locale.ENGLISH)))
                    .contains("not registered with a backend").contains("Settings, Backend");
            assertThat(FailureMessages.describe(e, new Messages(Locale.SIMPLIFIED_CHINESE))).contains("尚未在后台注册");
        }
    }

    /** A refusal names what the issuer refused in the member's words, never a bare API code. */
    @Test
    void theIssuersRefusalsAreSaidInWords() {
        for (com.payband.sync.api.ApiErrorCode code : java.util.EnumSet.of(
                com.payband.sync.api.ApiErrorCode.RATE_LIMITED, com.payband.sync.api.ApiErrorCode.UNKNOWN_BINDING,
                com.payband.sync.api.ApiErrorCode.CHALLENGE_USED, com.payband.sync.api.ApiErrorCode.OWNER_NOT_VERIFIED)) {
            IssuerException e = new IssuerException("refused", code, null);
            for (Locale locale : Messages.SUPPORTED) {
                assertThat(FailureMessages.describe(e, new Messages(locale))).doesNotContain(code.name());
            }
        }
        assertThat(FailureMessages.describe(new IssuerException("refused",
                com.payband.sync.api.ApiErrorCode.RATE_LIMITED, null), new Messages(Locale.ENGLISH)))
                .contains("too many authorisations").contains("Nothing was changed");
    }
}

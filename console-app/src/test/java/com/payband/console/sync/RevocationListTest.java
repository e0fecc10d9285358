package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.binding.ReasonCode;
import com.payband.console.binding.Revocation;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.support.SupportException;
import com.payband.band.BandSerial;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A band reported stolen in store A is refused in store B, even offline: B takes the backend's revocation list with
 * its sync (checked entry by entry against the chain and the issuer's signature) and refuses the band the thief
 * brings in when the backend is down.
 */
class RevocationListTest {

    @TempDir
    Path dir;

    @Test
    void aBandStolenInOneStoreIsRefusedInAnotherEvenWithTheBackendDown() throws Exception {
        TestBackend backend = TestBackend.start(dir.resolve("backend"));
        Path storeA = dir.resolve("a");
        Path storeB = dir.resolve("b");
        BandSerial serial;
        UUID binding;
        try (ConsoleServices a = TestStores.create(storeA)) {
            a.backend().register(TestStores.admin(a), backend.url(), backend.code(), "Store A");
            StaffSession clerk = TestStores.staff(a, "clerk", Role.RETAIL_STAFF);
            StaffSession agent = TestStores.staff(a, "agent", Role.SUPPORT_AGENT);
            UUID zhang = TestStores.customer(a, clerk, "zhang-wei");
            serial = a.simulator().unboxNewBand().serial();
            binding = a.enrollment().enroll(clerk, zhang, serial, TestStores.phoneOf(a, clerk, zhang), s -> { })
                    .bindingId();
            a.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
            a.sync().push();
        }
        // store B's bands come from the same factory (its manufacturer CA is the one B trusts too)
        TestStores.sameFactory(storeA, storeB);
        try (ConsoleServices b = TestStores.create(storeB)) {
            b.backend().register(TestStores.admin(b), backend.url(), backend.code(), "Store B");
            assertThat(b.sync().status(TestStores.admin(b)).revocationListSignedAt()).isEmpty();
            b.sync().push();
            Revocation taken = b.lifecycle().revocation(binding).orElseThrow();
            assertThat(taken.bandSerial()).isEqualTo(serial.value());
            assertThat(taken.reason()).isEqualTo(ReasonCode.STOLEN);
            var status = b.sync().status(TestStores.admin(b));
            assertThat(status.revocationListSignedAt()).isPresent();
            assertThat(status.revocationListStale()).isFalse();
            assertThat(listUpdates(b)).isEqualTo(1);
            // a second sync takes nothing twice, and records nothing
            b.sync().push();
            assertThat(listUpdates(b)).isEqualTo(1);
        }
        backend.close();

        // the thief walks into store B with the band; the backend is down
        TestStores.carryBand(storeA, storeB, serial);
        try (ConsoleServices b = TestStores.open(storeB)) {
            StaffSession clerk = TestStores.staff(b, "clerk", Role.RETAIL_STAFF);
            UUID thief = TestStores.customer(b, clerk, "ayigul");
            assertThatThrownBy(() -> b.enrollment().enroll(clerk, thief, serial, TestStores.phoneOf(b, clerk, thief),
                    s -> { })).isInstanceOfSatisfying(EnrollmentException.class,
                            e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.REPORTED_STOLEN));
        }
    }

    @Test
    void aBandEnrolledInStoreAReportedStolenByItsOwnerInStoreBIsMarkedRefusedAndPaysNoMoreInStoreA() throws Exception {
        TestBackend backend = TestBackend.start(dir.resolve("backend"));
        Path storeA = dir.resolve("a");
        Path storeB = dir.resolve("b");
        try (ConsoleServices a = TestStores.create(storeA);
                // store B's bands come from the same factory (its manufacturer CA is the one B trusts too)
                ConsoleServices b = TestStores.create(sameFactory(storeA, storeB))) {
            a.backend().register(TestStores.admin(a), backend.url(), backend.code(), "Store A");
            b.backend().register(TestStores.admin(b), backend.url(), backend.code(), "Store B");
            StaffSession clerk = TestStores.staff(a, "clerk", Role.RETAIL_STAFF);
            UUID zhang = TestStores.customer(a, clerk, "zhang-wei");
            BandSerial serial = a.simulator().unboxNewBand().serial();
            UUID binding = a.enrollment().enroll(clerk, zhang, serial, TestStores.phoneOf(a, clerk, zhang), s -> { })
                    .bindingId();
            a.sync().push();
            assertThat(a.issuer().verifyPayment(a.simulator().customerShowsPaymentCode(zhang, serial)).accepted())
                    .isTrue();

            // store B never saw the customer: its agent finds the band at the issuer, bound by store A
            StaffSession agentB = TestStores.staff(b, "agent", Role.SUPPORT_AGENT);
            var record = b.support().lookUp(agentB, serial);
            assertThat(record.binding()).isEmpty();
            assertThat(record.inForceElsewhere()).hasValueSatisfying(x -> assertThat(x.bindingId())
                    .isEqualTo(binding.toString()));
            // a thief with his own card cannot report another person's band (nor so take it from them)
            assertThatThrownBy(() -> b.support().reportStolenForOwner(agentB, serial, TestStores.ownerCard("ayigul"),
                    UUID.randomUUID())).isInstanceOfSatisfying(SupportException.class,
                            e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.NOT_THE_OWNER));
            // nor may a member whose role takes no reports (the service decides, not only the window)
            StaffSession technician = TestStores.staff(b, "tech", Role.FIELD_TECHNICIAN);
            assertThatThrownBy(() -> b.support().reportStolenForOwner(technician, serial,
                    TestStores.ownerCard("zhang-wei"), UUID.randomUUID()))
                    .isInstanceOf(com.payband.console.staff.AccessDeniedException.class);
            // nor is store A's own binding reported here: store A reports it on its customer's page
            StaffSession agentA = TestStores.staff(a, "agent", Role.SUPPORT_AGENT);
            assertThatThrownBy(() -> a.support().reportStolenForOwner(agentA, serial, TestStores.ownerCard("zhang-wei"),
                    UUID.randomUUID())).isInstanceOfSatisfying(SupportException.class,
                            e -> assertThat(e.reason()).isEqualTo(SupportException.Reason.REPORT_HERE));
            assertThat(a.issuer().verifyPayment(a.simulator().customerShowsPaymentCode(zhang, serial)).accepted())
                    .isTrue();

            // the owner, with their card
            UUID reportId = UUID.randomUUID();
            var done = b.support().reportStolenForOwner(agentB, serial, TestStores.ownerCard("zhang-wei"), reportId);
            assertThat(done.bindingId()).isEqualTo(binding);
            assertThat(done.changed()).isTrue();
            // tried again by the agent (its answer lost on the way): reported once, said so
            assertThat(b.support().reportStolenForOwner(agentB, serial, TestStores.ownerCard("zhang-wei"), reportId)
                    .changed()).isFalse();
            List<String> reported = new java.util.ArrayList<>();
            b.audit().forEach(AuditQuery.all(), e -> {
                if (e.action() == AuditAction.BINDING_TRANSITION && e.outcome() == com.payband.console.audit.Outcome.SUCCESS) {
                    reported.add(e.detail().orElse(""));
                }
            });
            assertThat(reported).hasSize(2).allSatisfy(d -> assertThat(d).contains(serial.value()).contains("DEACTIVATED"));
            // at once: the issuer refuses the band's payment codes
            assertThat(a.issuer().verifyPayment(a.simulator().customerShowsPaymentCode(zhang, serial)))
                    .isEqualTo(com.payband.console.issuer.PaymentVerdict.BINDING_NOT_ACTIVE);

            // after one sync, store A ends its binding (as the system, audited), marks the band in its scan and
            // refuses to bind it
            a.sync().push();
            assertThat(a.lifecycle().bindingById(binding).orElseThrow().state())
                    .isEqualTo(com.payband.console.binding.BindingState.DEACTIVATED);
            List<String> ended = new java.util.ArrayList<>();
            a.audit().forEach(AuditQuery.all(), e -> {
                if (e.action() == AuditAction.BINDING_RECONCILED) {
                    ended.add(e.detail().orElse(""));
                }
            });
            assertThat(ended).singleElement().asString().contains("reported at another store");
            // and sends nothing of it back: the issuer has it so
            assertThat(a.outbox().pendingCount()).isZero();
            var heard = a.bandInspection().scan(clerk, java.time.Duration.ofMillis(300), l -> { });
            assertThat(a.bandInspection().reportedStolen(clerk, heard)).contains(serial);
            UUID thief = TestStores.customer(a, clerk, "ayigul");
            assertThatThrownBy(() -> a.enrollment().enroll(clerk, thief, serial, TestStores.phoneOf(a, clerk, thief),
                    s -> { })).isInstanceOfSatisfying(EnrollmentException.class,
                            e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.REPORTED_STOLEN));
            // and store B, which took the report, has it on its list too
            b.sync().push();
            assertThat(b.support().lookUp(agentB, serial).reportedStolen()).isTrue();
        } finally {
            backend.close();
        }
    }

    @Test
    void aListOlderThanADayOnTheConsolesClockIsStaleAndSaidSo() throws Exception {
        TestBackend backend = TestBackend.start(dir.resolve("backend"));
        com.payband.console.MutableClock clock = new com.payband.console.MutableClock(java.time.Instant.now());
        try (ConsoleServices store = TestStores.create(dir.resolve("store"), clock)) {
            StaffSession admin = TestStores.admin(store);
            assertThat(store.sync().status(admin).revocationListStale()).as("not registered: no list to be old")
                    .isFalse();
            store.backend().register(admin, backend.url(), backend.code(), "Store");
            assertThat(store.sync().status(admin).revocationListStale()).as("registered, no list yet").isTrue();
            store.sync().push();
            assertThat(store.sync().status(admin).revocationListStale()).isFalse();
            clock.advance(SyncService.REVOCATION_LIST_STALE.minusMinutes(1));
            assertThat(store.sync().status(admin).revocationListStale()).isFalse();
            clock.advance(java.time.Duration.ofMinutes(2));
            assertThat(store.sync().status(admin).revocationListStale()).isTrue();
        } finally {
            backend.close();
        }
    }

    @Test
    void aListThatDoesNotContinueTheConsolesCopyOrWasAlteredIsNotTaken() throws Exception {
        try (TestBackend backend = TestBackend.start(dir.resolve("backend"));
                ConsoleServices a = TestStores.create(dir.resolve("a"))) {
            a.backend().register(TestStores.admin(a), backend.url(), backend.code(), "Store A");
            StaffSession clerk = TestStores.staff(a, "clerk", Role.RETAIL_STAFF);
            StaffSession agent = TestStores.staff(a, "agent", Role.SUPPORT_AGENT);
            UUID zhang = TestStores.customer(a, clerk, "zhang-wei");
            UUID binding = a.enrollment().enroll(clerk, zhang, new BandSerial("PB100001"),
                    TestStores.phoneOf(a, clerk, zhang), s -> { }).bindingId();
            a.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
            a.sync().push();

            // someone edits the backend's list (another band in the entry, the hash left as it was)
            backend.store().inTransaction(c -> c.createStatement().executeUpdate(
                    "UPDATE revocation SET band_serial = 'PB999999' WHERE seq = 1"));
            try (ConsoleServices c = TestStores.create(dir.resolve("c"))) {
                c.backend().register(TestStores.admin(c), backend.url(), backend.code(), "Store C");
                assertThatThrownBy(() -> c.sync().push()).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.LIST_NOT_PROVEN));
                assertThat(c.lifecycle().revocation(binding)).isEmpty();
                var status = c.sync().status(TestStores.admin(c));
                assertThat(status.lastError()).contains("LIST_NOT_PROVEN");
                assertThat(status.revocationListSignedAt()).isEmpty();
                assertThat(listUpdates(c)).isZero();
            }

            // the backend put back to an older copy of its database: its list goes back behind the console's
            backend.store().inTransaction(c -> {
                c.createStatement().executeUpdate("DELETE FROM revocation");
                return c.createStatement().executeUpdate("UPDATE revocation_head SET seq = 0, hash = '"
                        + com.payband.sync.api.RevocationEntry.GENESIS + "'");
            });
            assertThatThrownBy(() -> a.sync().push()).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e).hasMessageContaining("went back"));
            assertThat(a.lifecycle().revocation(binding)).isPresent();
        }
    }

    @Test
    void aLongListBrokenOnALaterPageChangesNothingAndIsTakenWholeOnceMended() throws Exception {
        try (TestBackend backend = TestBackend.start(dir.resolve("backend"));
                ConsoleServices c = TestStores.create(dir.resolve("c"))) {
            backend.fillRevocationList(25_000);
            c.backend().register(TestStores.admin(c), backend.url(), backend.code(), "Store C");
            // the list's third page was edited: its first two pages verify before the break shows
            backend.store().inTransaction(b -> b.createStatement().executeUpdate(
                    "UPDATE revocation SET band_serial = 'PB999999' WHERE seq = 24000"));

            assertThatThrownBy(() -> c.sync().push()).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.LIST_NOT_PROVEN));
            assertThat(fromTheBackendsList(c)).as("not one entry of a list that does not verify").isZero();
            assertThat(listUpdates(c)).isZero();
            assertThat(c.sync().status(TestStores.admin(c)).revocationListSignedAt()).isEmpty();

            backend.store().inTransaction(b -> b.createStatement().executeUpdate(
                    "UPDATE revocation SET band_serial = 'PB024000' WHERE seq = 24000"));
            c.sync().push();
            assertThat(fromTheBackendsList(c)).isEqualTo(25_000);
            assertThat(c.lifecycle().serialsWithRevocation(List.of("PB000001", "PB024000", "PB025000", "PB025001")))
                    .containsExactlyInAnyOrder("PB000001", "PB024000", "PB025000");
            assertThat(listUpdates(c)).isOne();
        }
    }

    @Test
    void aCopyEditedWithTheDatabasesToolsStillRefusesWhatItHoldsAndIsTakenAgainWhole() throws Exception {
        try (TestBackend backend = TestBackend.start(dir.resolve("backend"))) {
            backend.fillRevocationList(25_000);
            try (ConsoleServices c = TestStores.create(dir.resolve("c"))) {
                c.backend().register(TestStores.admin(c), backend.url(), backend.code(), "Store C");
                c.sync().push();
                assertThat(fromTheBackendsList(c)).isEqualTo(25_000);
                // someone with the store's key and H2's own tools takes the page holding entries 10,001-20,000 out
                c.database().runInTransaction(s -> s.createNativeMutationQuery(
                        "DELETE FROM revocation_page WHERE first_seq = 10001").executeUpdate());
            }
            List<String> bands = List.of("PB000001", "PB015000", "PB025000");
            try (ConsoleServices c = TestStores.open(dir.resolve("c"))) {
                // what the copy still holds is refused; the gap is found when the copy is read
                assertThat(c.lifecycle().serialsWithRevocation(bands)).containsExactlyInAnyOrder("PB000001", "PB025000");
                c.sync().push();
                assertThat(c.lifecycle().serialsWithRevocation(bands)).containsExactlyInAnyOrderElementsOf(bands);
                assertThat(listUpdates(c)).isEqualTo(2);
                assertThat(lastListUpdate(c)).contains("taken again whole");
            }
            try (ConsoleServices c = TestStores.open(dir.resolve("c"))) {
                // the copy taken again verifies: the next sync takes nothing and records nothing
                assertThat(c.lifecycle().serialsWithRevocation(bands)).containsExactlyInAnyOrderElementsOf(bands);
                c.sync().push();
                assertThat(listUpdates(c)).isEqualTo(2);
                // one entry per binding, whether it came back from the old copy or only with the new one
                assertThat(c.lifecycle().revocationsOfBand("PB015000")).hasSize(1);
                assertThat(c.lifecycle().revocationsOfBand("PB000001")).hasSize(1);
            }
        }
    }

    private static Path sameFactory(Path storeA, Path storeB) throws java.io.IOException {
        TestStores.sameFactory(storeA, storeB);
        return storeB;
    }

    private static String lastListUpdate(ConsoleServices services) {
        String[] last = {null};
        services.audit().forEach(AuditQuery.all(), e -> {
            if (e.action() == AuditAction.REVOCATION_LIST_UPDATED) {
                last[0] = e.detail().orElse(null);
            }
        });
        return last[0];
    }

    /** Entries of the backend's list the console holds: its pages' entries and the rows from before them. */
    static long fromTheBackendsList(ConsoleServices services) {
        return services.database().inTransaction(s -> s.createSelectionQuery(
                        "select count(r) from Revocation r where r.source = :backend", Long.class)
                .setParameter("backend", Revocation.Source.BACKEND).getSingleResult()
                + s.createNativeQuery("SELECT CAST(COALESCE(SUM(last_seq - first_seq + 1), 0) AS BIGINT)"
                        + " FROM revocation_page", Long.class).getSingleResult());
    }

    private static long listUpdates(ConsoleServices services) {
        long[] n = {0};
        services.audit().forEach(AuditQuery.all(), e -> {
            if (e.action() == AuditAction.REVOCATION_LIST_UPDATED) {
                n[0]++;
            }
        });
        return n[0];
    }

}

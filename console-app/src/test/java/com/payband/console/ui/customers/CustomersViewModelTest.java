package com.payband.console.ui.customers;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import com.payband.console.ui.customers.CustomersViewModel.SearchBy;
import com.payband.band.BandSerial;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import com.payband.drivers.idcard.sim.SimulatorSettings;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search by full ID number, full name and band serial; the detail; the audited reveal; who may. */
class CustomersViewModelTest {

    @TempDir
    Path dir;

    private ConsoleServices services;
    private ConsoleContext context;
    private String idNumber;

    @BeforeEach
    void enrollOne() throws Exception {
        services = TestStores.registered(dir);
        StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        try (SimulatedIdCardReader reader = new SimulatedIdCardReader(SimulatorSettings.instant(Clock.systemUTC()))) {
            reader.insertCard("zhang-wei");
            var read = services.documentReading().readAndWait(clerk, reader, ReadRequest.plain());
            idNumber = read.document().documentNumber();
            RegisteredCustomer customer = services.customers().register(clerk, read.document(), reader.info());
            services.enrollment().enroll(clerk, customer.customerId(), new BandSerial("PB100001"),
                    TestStores.phoneOf(services, clerk, customer.customerId()), s -> { });
        }
        context = UiTestContexts.open(dir, services, clerk);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void eachWayOfSearchingFindsTheCustomerAndOpensTheirBinding() {
        CustomersViewModel model = new CustomersViewModel(context);
        for (SearchBy by : SearchBy.values()) {
            model.searchBy().set(by);
            model.query().set(switch (by) {
                case ID_NUMBER -> idNumber;
                case NAME -> "张伟";
                case BAND_SERIAL -> "pb100001";
            });
            model.search();
            assertThat(model.results()).as(by.name()).hasSize(1);
            assertThat(model.resultNote().get()).isEqualTo("One customer.");
            assertThat(model.selected().get()).isNotNull();
            assertThat(model.bindings()).hasSize(1);
            assertThat(model.history()).extracting(CustomersViewModel.HistoryRow::change)
                    .containsExactly("Pending", "Pending → Active");
            assertThat(model.history()).extracting(CustomersViewModel.HistoryRow::staff).containsOnly("clerk");
            // every step is this console's, named as it is registered at the backend
            assertThat(model.history()).extracting(CustomersViewModel.HistoryRow::console).containsOnly("Test store");
            assertThat(model.historyNote().get()).isEmpty();
            assertThat(model.results().get(0).maskedName()).isNotEqualTo("张伟");
        }
    }

    @Test
    void fragmentsFindNobodyAndABadSerialIsSaid() {
        CustomersViewModel model = new CustomersViewModel(context);
        model.query().set(idNumber.substring(0, 10));
        model.search();
        assertThat(model.results()).isEmpty();
        assertThat(model.resultNote().get()).isEqualTo("No customer found.");
        model.searchBy().set(SearchBy.BAND_SERIAL);
        model.query().set("hello");
        model.search();
        assertThat(model.problem().get()).contains("is not a band serial");
    }

    @Test
    void theRevealIsForRolesThatMayAndIsAudited() throws Exception {
        CustomersViewModel model = new CustomersViewModel(context);
        model.query().set(idNumber);
        model.search();
        assertThat(model.mayReveal()).isTrue();
        assertThat(model.mayViewAudit()).isFalse();
        model.reveal();
        assertThat(model.revealed().get().documentNumber()).isEqualTo(idNumber);

        StaffSession tech = TestStores.staff(services, "tech", Role.FIELD_TECHNICIAN);
        ConsoleContext techContext = UiTestContexts.open(dir, services, tech);
        CustomersViewModel refused = new CustomersViewModel(techContext);
        refused.query().set(idNumber);
        refused.search();
        assertThat(refused.results()).isEmpty();
        assertThat(refused.problem().get()).contains("does not allow you to search customers");
    }

    @Test
    void anAuditorSeesTheTrailAboutTheCustomer() throws Exception {
        StaffSession both = TestStores.staff(services, "lead", Role.RETAIL_STAFF, Role.AUDITOR);
        CustomersViewModel model = new CustomersViewModel(UiTestContexts.open(dir, services, both));
        model.query().set(idNumber);
        model.search();
        assertThat(model.mayViewAudit()).isTrue();
        assertThat(model.audit()).extracting(e -> e.action().name()).contains("CUSTOMER_REGISTERED", "BINDING_CREATED");
    }

    @Test
    void theHistoryNamesEachStepsConsoleAndAddsWhatTheIssuerRecordedElsewhere() throws Exception {
        try (com.payband.console.sync.CabledBackend backend = com.payband.console.sync.CabledBackend.start(
                dir.resolve("backend"))) {
            Path folder = dir.resolve("registered");
            ConsoleServices store = TestStores.create(folder);
            ConsoleContext registered = null;
            try {
                store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Front desk");
                StaffSession agent = TestStores.staff(store, "agent", Role.SUPPORT_AGENT);
                java.util.UUID customer = TestStores.customer(store, agent, "zhang-wei");
                java.util.UUID binding = store.enrollment().enroll(agent, customer, new BandSerial("PB100001"),
                        TestStores.phoneOf(store, agent, customer), s -> { }).bindingId();
                store.lifecycle().transition(agent, binding, com.payband.console.binding.ReasonCode.LOST,
                        java.util.Optional.empty(), "left on the bus");
                store.sync().push();
                // another console (the store chain's head office) has the band's binding ended at the issuer
                String headOffice;
                try (ConsoleServices other = TestStores.create(dir.resolve("head-office"))) {
                    headOffice = other.backend().register(TestStores.admin(other), backend.url(),
                            backend.backend().code(), "Head office").consoleId();
                }
                backend.backend().store().inTransaction(c -> {
                    try (var insert = c.prepareStatement("INSERT INTO issuer_state_change (event_id, binding_id,"
                            + " console_id, from_state, to_state, reason, staff, applied, note, occurred_at)"
                            + " VALUES (?, ?, ?, 'SUSPENDED', 'DEACTIVATED', 'FRAUD', 'risk-desk', TRUE, NULL, ?)")) {
                        insert.setString(1, java.util.UUID.randomUUID().toString());
                        insert.setString(2, binding.toString());
                        insert.setString(3, headOffice);
                        insert.setTimestamp(4, java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(5)));
                        return insert.executeUpdate();
                    }
                });
                registered = UiTestContexts.open(folder, store, agent);
                CustomersViewModel model = new CustomersViewModel(registered);
                model.searchBy().set(SearchBy.BAND_SERIAL);
                model.query().set("PB100001");
                model.search();

                // this console's steps under its registered name, once each (the issuer's copies of them not doubled),
                // and the head office's change after them
                assertThat(model.history()).extracting(CustomersViewModel.HistoryRow::change,
                        CustomersViewModel.HistoryRow::staff, CustomersViewModel.HistoryRow::console,
                        CustomersViewModel.HistoryRow::note).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Pending", "agent", "Front desk", ""),
                        org.assertj.core.groups.Tuple.tuple("Pending → Active", "agent", "Front desk", ""),
                        org.assertj.core.groups.Tuple.tuple("Active → Suspended", "agent", "Front desk", "left on the bus"),
                        org.assertj.core.groups.Tuple.tuple("Suspended → Deactivated", "risk-desk", "Head office", ""));
                assertThat(model.history().get(3).reason()).isEqualTo(registered.text("reason.FRAUD"));

                // the backend away: this console's own steps, and a plain word that the rest could not be asked
                backend.down();
                model.search();
                assertThat(model.history()).extracting(CustomersViewModel.HistoryRow::console)
                        .containsOnly("Front desk").hasSize(3);
                assertThat(model.historyNote().get()).contains("could not be asked");
            } finally {
                if (registered != null) {
                    registered.close();
                } else {
                    store.close();
                }
            }
        }
    }
}

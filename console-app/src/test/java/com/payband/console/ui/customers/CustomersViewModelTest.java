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
        services = TestStores.create(dir);
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
            assertThat(model.history()).extracting(e -> e.step().toState().name()).containsExactly("PENDING", "ACTIVE");
            assertThat(model.history()).extracting(e -> e.staff()).containsOnly("clerk");
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
}

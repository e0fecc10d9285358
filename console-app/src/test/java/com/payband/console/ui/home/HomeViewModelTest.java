package com.payband.console.ui.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import com.payband.band.BandSerial;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import com.payband.drivers.idcard.sim.SimulatorSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Today's enrollments and the unfinished binds, finished from the home screen. */
class HomeViewModelTest {

    @TempDir
    Path dir;

    @Test
    void todaysEnrollmentsAndPendingBindsAreShownAndFinished() throws Exception {
        ConsoleServices services = TestStores.registered(dir);
        StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        UUID customer;
        try (SimulatedIdCardReader reader = new SimulatedIdCardReader(SimulatorSettings.instant(Clock.systemUTC()))) {
            reader.insertCard("zhang-wei");
            var read = services.documentReading().readAndWait(clerk, reader, ReadRequest.plain());
            RegisteredCustomer registered = services.customers().register(clerk, read.document(), reader.info());
            customer = registered.customerId();
        }
        services.enrollment().enroll(clerk, customer, new BandSerial("PB100001"), TestStores.phoneOf(services, clerk, customer),
                s -> { });
        try (ConsoleContext context = UiTestContexts.open(dir, services, clerk)) {
            // a bind that began and never ended (as when its band went out of range for good): PENDING, the band still
            // factory-new; begun in this session, so the window's own reconciliation at start leaves it to the clerk
            var band = services.simulator().radio().band(new BandSerial("PB100002")).orElseThrow();
            services.lifecycle().begin(clerk, "PB100002", band.devicePublicKey(), band.address(), customer, true,
                    TestStores.anyPhone());
            HomeViewModel home = new HomeViewModel(context);
            home.refresh();
            assertThat(home.todaysEnrollments().get()).isEqualTo(1);
            assertThat(home.pending()).hasSize(1);
            assertThat(home.attentionNote().get()).startsWith("One bind was not finished");
            assertThat(home.readerStatus().get()).contains("Simulated");
            assertThat(home.mayReconcile()).isTrue();
            home.reconcile();
            assertThat(home.pending()).isEmpty();
            assertThat(home.attentionNote().get()).isEqualTo("Finished: 1. Still waiting for their band: 0.");
        }
    }
}

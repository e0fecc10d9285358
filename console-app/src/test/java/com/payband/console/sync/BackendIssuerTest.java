package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.drivers.band.sim.SimulatedBand;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered console enrolls through the backend's issuer: the band is bound with the backend's credential and a
 * secret only the backend and the band hold, the states reach the issuer through the outbox, payments are checked
 * there; the console's data folder learns nothing of it. A backend that is down or refuses
 * leaves no binding half made.
 */
class BackendIssuerTest {

    @TempDir
    Path dir;

    private ConsoleServices services;
    private TestBackend backend;
    private StaffSession clerk;
    private StaffSession agent;
    private UUID zhang;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir.resolve("store"));
        backend = TestBackend.start(dir.resolve("backend"));
        services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Shop");
        clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
        zhang = TestStores.customer(services, clerk, "zhang-wei");
    }

    @AfterEach
    void close() {
        services.close();
        if (backend != null) {
            backend.close();
        }
    }

    private Enrolled enroll(String serial) throws Exception {
        return services.enrollment().enroll(clerk, zhang, new BandSerial(serial), TestStores.phoneOf(services, clerk,
                zhang), s -> { });
    }

    @Test
    void aBandIsBoundWithTheBackendsCredentialAndPaysAtTheBackendOnceItsStateHasReachedIt() throws Exception {
        // registering taught the simulator's factory the backend's root: its factory-new bands pin it
        byte[] root = services.issuer().rootPublicKey();
        assertThat(services.simulator().factoryRoot()).isEqualTo(root);

        Enrolled enrolled = enroll("PB100001");
        SimulatedBand band = services.simulator().radio().band(new BandSerial("PB100001")).orElseThrow();
        assertThat(band.state()).isEqualTo(BandState.BOUND);
        assertThat(services.lifecycle().bindingById(enrolled.bindingId()).orElseThrow().state())
                .isEqualTo(BindingState.ACTIVE);
        // the binding is the backend's: its issuer prepared it
        assertThat(backend.issuer().binding(enrolled.bindingId().toString())).isPresent();

        // the payment check pushes the outbox first: the backend's issuer has the binding ACTIVE
        String code = services.simulator().customerShowsPaymentCode(zhang, enrolled.serial()).text();
        assertThat(services.enrollment().verifyPayment(clerk, enrolled.bindingId(), code, s -> { }))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        assertThat(backend.issuer().binding(enrolled.bindingId().toString()).orElseThrow().state()).isEqualTo("ACTIVE");
        assertThat(services.issuer().verifyPayment(com.payband.band.protocol.PaymentCode.parse(code)))
                .isEqualTo(PaymentVerdict.REPLAYED);

        // reported stolen at this console: once synced, the backend refuses its payments
        services.lifecycle().transition(agent, enrolled.bindingId(), ReasonCode.STOLEN,
                Optional.empty());
        services.sync().push();
        assertThat(backend.issuer().binding(enrolled.bindingId().toString()).orElseThrow().state())
                .isEqualTo("DEACTIVATED");
        assertThat(services.issuer().verifyPayment(services.simulator().customerShowsPaymentCode(zhang,
                enrolled.serial()))).isEqualTo(PaymentVerdict.BINDING_NOT_ACTIVE);

    }

    @Test
    void aBackendThatIsDownOrRefusesLeavesNoBindingHalfMade() throws Exception {
        backend.close();
        backend = null;
        assertThatThrownBy(() -> enroll("PB100002")).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.ISSUER_UNAVAILABLE));
        var binding = services.lifecycle().latestBindingOfBand("PB100002").orElseThrow();
        assertThat(binding.state()).isEqualTo(BindingState.FAILED);
        assertThat(services.simulator().radio().band(new BandSerial("PB100002")).orElseThrow().state())
                .isEqualTo(BandState.FACTORY);
    }
}

package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.sync.TestBackend;
import com.payband.console.ui.ConsoleWindow;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores, one band, as the second store's clerk meets it in the window: the backend already holds the band bound
 * by store A, so store B's wizard says that another store bound it (in words, not "bound to another person", which
 * would send the clerk looking for a customer), binds nothing, and leaves B's band as it was.
 */
class EnrollmentWizardConflictTest {

    private static final BandSerial BAND = new BandSerial("PB100001");

    @TempDir
    Path dir;

    private ConsoleWindow window;
    private TestBackend backend;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theSecondStoreIsToldAnotherStoreBoundTheBand() throws Exception {
        backend = TestBackend.start(dir.resolve("backend"));
        Enrolled inA;
        try (ConsoleServices storeA = TestStores.create(dir.resolve("store-a"))) {
            storeA.backend().register(TestStores.admin(storeA), backend.url(), backend.code(), "Store A");
            StaffSession clerk = TestStores.staff(storeA, "clerk", Role.RETAIL_STAFF);
            UUID ayigul = TestStores.customer(storeA, clerk, "ayigul");
            inA = storeA.enrollment().enroll(clerk, ayigul, BAND, TestStores.phoneOf(storeA, clerk, ayigul), s -> { });
            storeA.sync().push();
        }

        ConsoleServices storeB = TestStores.create(dir.resolve("store-b"));
        storeB.backend().register(TestStores.admin(storeB), backend.url(), backend.code(), "Store B");
        TestStores.staff(storeB, "clerk", Role.RETAIL_STAFF);
        window = ConsoleWindow.on(storeB).signIn("clerk", TestStores.passwordOf("clerk"));
        window.readCardAndTakeConsent();
        window.click("#simulatePhone");
        window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone");
        window.click("#wizardNext");
        window.chooseBandAndBind(BAND.value());

        window.waitFor(() -> window.text("#enrollProblem").contains("Another store has bound this band"),
                "the conflict in words");
        assertThat(window.text("#enrollProblem")).doesNotContain("another person");
        assertThat(storeB.lifecycle().latestBindingOfBand(BAND.value()).orElseThrow().state())
                .isEqualTo(BindingState.FAILED);
        assertThat(storeB.simulator().radio().band(BAND).orElseThrow().state()).isEqualTo(BandState.FACTORY);
        // the backend holds store A's binding alone, still active
        assertThat(backend.issuer().binding(inA.bindingId().toString()).orElseThrow().state()).isEqualTo("ACTIVE");
    }
}

package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.enrollment.QueuedEnrollment;
import com.payband.console.staff.Role;
import com.payband.console.sync.CabledBackend;
import com.payband.console.ui.ConsoleWindow;
import java.nio.file.Path;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend down at the counter, as the clerk meets it: the wizard says the issuer cannot be reached and offers to
 * bind when it is back; the customer leaves enrolled-to-be, the home screen shows the queue (an entry can be taken
 * out), and once the backend answers the window binds the rest by itself after its next sync.
 */
class EnrollmentWizardQueueTest {

    @TempDir
    Path dir;

    private ConsoleWindow window;
    private CabledBackend backend;

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
    void enrollmentsTakenWhileTheBackendIsDownAreBoundWhenItIsBack() throws Exception {
        backend = CabledBackend.start(dir.resolve("backend"));
        ConsoleServices store = TestStores.create(dir.resolve("store"));
        store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Shop");
        TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        backend.down();

        window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        queueInTheWizard("PB100001");
        window.click("#queuedEnrollNext");
        window.waitForVisible("#placeCard");
        queueInTheWizard("PB100002");
        assertThat(store.simulator().radio().band(new BandSerial("PB100001")).orElseThrow().state())
                .isEqualTo(BandState.FACTORY);

        window.click("#nav-HOME");
        window.waitForVisible("#enrollmentQueue");
        assertThat(window.text("#queueNote")).contains("2 enrollments wait for the backend");
        @SuppressWarnings("unchecked")
        TableView<QueuedEnrollment> table = (TableView<QueuedEnrollment>) window.node("#enrollmentQueue");
        window.waitFor(() -> table.getItems().size() == 2, "two queued enrollments listed");
        // the second customer changed their mind: taken out of the queue
        window.robot().interact(() -> table.getSelectionModel().select(1));
        window.click("#removeQueued");
        window.waitFor(() -> table.getItems().size() == 1, "one left in the queue");

        // the backend is back while the clerk is away and the window locked: nothing is bound in their name
        backend.back();
        window.click("#lock");
        window.waitForVisible("#password");
        int syncs = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> window.context().syncsEnded().get()).get();
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> window.context().syncNow()).get();
        window.waitFor(() -> window.context().syncsEnded().get() > syncs, "a sync behind the lock");
        Thread.sleep(500);
        assertThat(store.enrollmentQueue().waitingCount()).as("nothing bound behind the lock").isEqualTo(1);
        assertThat(store.simulator().radio().band(new BandSerial("PB100001")).orElseThrow().state())
                .isEqualTo(BandState.FACTORY);
        window.type("#password", TestStores.passwordOf("clerk"));
        window.click("#signIn");
        window.waitForVisible("#signedInAs");

        // signed in again: the window's next sync binds what waits, nobody clicks "Bind now"
        window.click("#syncNow");
        window.waitFor(() -> store.simulator().radio().band(new BandSerial("PB100001")).orElseThrow().state()
                == BandState.BOUND, "the queued band bound after the sync");
        // bound with the customer gone: nobody saw it pay, so it stays listed, and cannot be removed, until someone does
        window.waitFor(() -> table.getItems().size() == 1 && table.getItems().get(0).state()
                == QueuedEnrollment.State.DONE, "the bound band listed until it is seen to pay");
        assertThat(store.lifecycle().latestBindingOfBand("PB100001").orElseThrow().state())
                .isEqualTo(BindingState.ACTIVE);
        assertThat(store.simulator().radio().band(new BandSerial("PB100002")).orElseThrow().state())
                .as("the removed enrollment is not bound").isEqualTo(BandState.FACTORY);
        window.waitFor(() -> window.text("#queueNote").contains("nobody has seen it pay"), "the note says why");
        window.robot().interact(() -> table.getSelectionModel().select(0));
        assertThat(window.node("#removeQueued").isDisabled()).isTrue();
        // the customer is back: from the queue to their page, where their phone's payment code is checked
        window.click("#checkQueuedPayment");
        window.waitForVisible("#paymentCheckDue");
        assertThat(window.text("#customerQuery")).isEqualTo("PB100001");
        window.click("#simulateCustomerPays");
        window.waitFor(() -> !window.text("#bindingPaymentCode").isEmpty(), "the phone's payment code scanned");
        window.click("#checkBindingPayment");
        window.waitFor(() -> window.text("#bindingPaymentNote").contains("band PB100001 pays"), "the payment accepted");
        window.waitFor(() -> !window.node("#paymentCheckDue").isVisible(), "no longer due");
        assertThat(store.lifecycle().latestBindingOfBand("PB100001").orElseThrow().paymentCheckDue()).isFalse();
        window.click("#nav-HOME");
        window.waitFor(() -> table.getItems().isEmpty(), "the queue emptied on the home screen");
    }

    private void queueInTheWizard(String serial) {
        window.readCardAndTakeConsent();
        window.click("#simulatePhone");
        window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone");
        window.click("#wizardNext");
        window.chooseBandAndBind(serial);
        window.waitFor(() -> window.text("#enrollProblem").contains("issuer could not be reached"),
                "the issuer unreachable, said");
        window.waitForVisible("#queueBind");
        window.click("#queueBind");
        window.waitFor(() -> window.text("#bindStatus").contains("waits in the enrollment queue"), "queued, said");
        window.waitForVisible("#queuedEnrollNext");
    }
}

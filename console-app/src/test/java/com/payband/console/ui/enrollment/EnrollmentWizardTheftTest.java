package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleWindow;
import com.payband.drivers.band.BandException;
import com.payband.band.BandSerial;
import com.payband.band.protocol.PhoneKeyCode;
import com.payband.band.protocol.Status;
import java.nio.file.Path;
import java.util.UUID;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anti-theft attacks as a clerk meets them in the real window (headless): a forged phone code, a
 * scan that is no phone code, another customer's phone, a band a thief paired on the shelf, a payment
 * code from another band. Each is refused in words, the wizard waits, and nothing is bound.
 */
class EnrollmentWizardTheftTest {

    @TempDir
    Path dir;

    private ConsoleWindow window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void theWizardRefusesEveryPhoneButTheCustomersOwnAndEveryBandAThiefTouched() throws Exception {
        ConsoleServices services = TestStores.registered(dir);
        StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        // another customer, enrolled earlier with their own phone and band
        UUID ayigul = TestStores.customer(services, clerk, "ayigul");
        Enrolled theirs = services.enrollment().enroll(clerk, ayigul, new BandSerial("PB100002"),
                TestStores.phoneOf(services, clerk, ayigul), s -> { });
        String theirPaymentCode = services.simulator().customerShowsPaymentCode(ayigul, theirs.serial()).text();

        window = ConsoleWindow.on(services).signIn("clerk", TestStores.passwordOf("clerk"));
        window.readCardAndTakeConsent();

        // a scan that is not a phone code
        scanPhone("PB100001");
        window.waitFor(() -> window.text("#enrollProblem").contains("not a PayBand phone code"), "unreadable code");
        assertThat(window.node("#wizardNext").isDisabled()).isTrue();
        // a forged code: the thief's key under someone else's signature
        PhoneKeyCode genuine = services.simulator().counterPhone().keyCode();
        String forged = new PhoneKeyCode(services.simulator().thiefPhone().key(), genuine.created(), genuine.signature()).text();
        scanPhone(forged);
        window.waitFor(() -> window.text("#enrollProblem").contains("forged"), "forged code");
        assertThat(window.node("#wizardNext").isDisabled()).isTrue();
        // another customer's phone
        scanPhone(services.simulator().customerPhone(ayigul).keyCode().text());
        window.waitFor(() -> window.text("#enrollProblem").contains("another customer"), "foreign phone");
        assertThat(window.node("#wizardNext").isDisabled()).isTrue();

        // the customer's own phone
        window.click("#simulatePhone");
        window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone");
        window.click("#wizardNext");

        // a band a thief paired on the shelf
        chooseBandAndBind("PB800001");
        window.waitFor(() -> window.text("#enrollProblem").contains("before the sale"), "pre-paired band refused");
        assertThat(services.lifecycle().latestBindingOfBand("PB800001")).isEmpty();

        // a good band; then a payment code from another band is no proof that this one pays
        window.click("#anotherBand");
        chooseBandAndBind("PB100001");
        window.waitForVisible("#paymentCode");
        window.type("#paymentCode", theirPaymentCode);
        window.robot().type(KeyCode.ENTER);
        window.waitFor(() -> window.text("#enrollProblem").contains("from another band"), "code of another band");
        assertThat(window.exists("#enrollmentDone")).isFalse();
        org.testfx.util.WaitForAsyncUtils.waitFor(org.testfx.util.WaitForAsyncUtils.asyncFx(() ->
                window.robot().lookup("#paymentCode").queryAs(javafx.scene.control.TextField.class).clear()));
        window.click("#simulateCustomer");
        window.waitFor(() -> window.text("#paymentCode").startsWith("PBPAY1:"), "the customer's code");
        window.click("#verifyPayment");
        window.waitForVisible("#enrollmentDone");

        var binding = services.lifecycle().latestBindingOfBand("PB100001").orElseThrow();
        assertThat(binding.state()).isEqualTo(BindingState.ACTIVE);
        var band = services.simulator().band(new BandSerial("PB100001"));
        assertThat(band.linkedPhone()).contains(services.simulator().customerPhone(binding.customerId()).key());
        // and a thief with the band gets nothing from it
        band.putOn();
        try {
            services.simulator().thiefPhone().pay(band.address());
            throw new AssertionError("the band paid for the thief");
        } catch (BandException e) {
            assertThat(e.status()).contains(Status.NOT_UNLOCKED);
        }
    }

    /** As the box-barcode scanner does: it types the code into the focused field and presses Enter. */
    private void scanPhone(String code) {
        window.type("#phoneCode", code);
        window.robot().type(KeyCode.ENTER);
    }

    private void chooseBandAndBind(String band) {
        window.chooseBandAndBind(band);
    }
}

package com.payband.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.staff.Role;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as staff use it, end to end on the real window: first start, the forced password change,
 * an enrollment with the simulated reader and band, the search and the detail, every refusal of the
 * wizard with the database and the simulated band checked afterwards, and what each role can reach.
 */
class ConsoleWindowTest {

    private static final String CLERK_INITIAL = "initial password for the counter 1";
    private static final String CLERK_OWN = "my very own password 42";

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
    void firstStartCreatesTheAdministratorAndANewClerkMustChooseTheirOwnPassword() throws Exception {
        window = ConsoleWindow.firstStart(dir);
        window.waitForVisible("#repeatPassword");
        assertThat(window.exists("#simulatorBadge")).isTrue();
        window.type("#username", "boss").type("#password", TestStores.PASSWORD).type("#repeatPassword", TestStores.PASSWORD);
        window.click("#protectWithPassphrase");
        window.type("#passphrase", TestStores.PASSPHRASE).type("#repeatPassphrase", TestStores.PASSPHRASE);
        window.click("#signIn");
        window.waitForVisible("#signedInAs");
        assertThat(window.text("#signedInAs")).contains("boss").contains("Administrator");
        assertThat(window.exists("#nav-STAFF")).isTrue();
        assertThat(window.exists("#nav-ENROLL")).isFalse();

        ConsoleServices services = window.context().services();
        services.staff().create(services.staff().signIn("boss", TestStores.PASSWORD.toCharArray()), "clerk",
                Set.of(Role.RETAIL_STAFF), CLERK_INITIAL.toCharArray());
        window.click("#signOut");
        window.waitForVisible("#username");
        window.type("#username", "clerk").type("#password", CLERK_INITIAL).click("#signIn");
        window.waitForVisible("#newPassword");
        window.type("#newPassword", CLERK_OWN).type("#repeatPassword", CLERK_OWN).click("#signIn");
        window.waitForVisible("#signedInAs");
        assertThat(window.text("#signedInAs")).contains("clerk").contains("Retail staff");
        assertThat(services.staff().signIn("clerk", CLERK_OWN.toCharArray()).mustChangePassword()).isFalse();
    }

    @Test
    void aClerkEnrollsACustomerThenFindsThemByTheirBand() throws Exception {
        ConsoleServices services = signedIn("clerk", Role.RETAIL_STAFF);

        window.click("#nav-ENROLL");
        enrollUntilBind("zhang-wei", "PB100001");
        window.waitForVisible("#simulateCustomer");
        window.click("#simulateCustomer");
        window.waitFor(() -> window.text("#paymentCode").startsWith("PBPAY1:"), "the code the customer's phone shows");
        window.click("#verifyPayment");
        window.waitForVisible("#enrollmentDone");
        assertThat(window.text("#enrollmentDone")).contains("PB100001");

        Binding binding = services.lifecycle().latestBindingOfBand("PB100001").orElseThrow();
        assertThat(binding.state()).isEqualTo(BindingState.ACTIVE);
        assertThat(services.simulator().radio().band(new BandSerial("PB100001")).orElseThrow().state())
                .isEqualTo(BandState.BOUND);
        assertThat(binding.phoneFingerprint()).contains(services.simulator().customerPhone(binding.customerId()).key()
                .fingerprint());
        assertThat(events(services, AuditAction.PAYMENT_VERIFIED)).hasSize(1);
        assertThat(events(services, AuditAction.valueOf("CONSENT_RECORDED"))).hasSize(1);

        window.click("#nav-CUSTOMERS");
        window.click("#searchBy");
        window.robot().clickOn("Band serial");
        window.type("#customerQuery", "pb100001").click("#customerSearch");
        window.waitForVisible("#customerName");
        TableView<?> bindings = window.robot().lookup("#customerBindings").queryAs(TableView.class);
        window.waitFor(() -> bindings.getItems().size() == 1, "the customer's binding");
        assertThat(window.text("#customerName")).doesNotContain("张伟");
        window.click("#revealCustomer");
        window.waitForVisible("#revealedIdentity");
        assertThat(events(services, AuditAction.PERSONAL_DATA_VIEWED)).hasSize(1);
    }

    @Test
    void everyRefusalOfTheWizardIsShownAndNothingIsBound() throws Exception {
        ConsoleServices services = signedIn("clerk", Role.RETAIL_STAFF);
        window.click("#nav-ENROLL");
        enrollUntilBind("zhang-wei", "PB300001");
        window.waitFor(() -> window.text("#enrollProblem").contains("REPORTED STOLEN"), "the stolen-band refusal");
        assertThat(window.node("#enrollProblem").getStyleClass()).contains("stolen");
        assertThat(services.lifecycle().latestBindingOfBand("PB300001")).isEmpty();
        assertThat(events(services, AuditAction.ENROLLMENT_REFUSED)).extracting(e -> e.reason().orElse(""))
                .contains("REPORTED_STOLEN");

        for (String[] refusal : List.of(new String[] {"PB500001", "not genuine"}, new String[] {"PB200001", "another person"},
                new String[] {"PB400001", "battery"})) {
            window.click("#anotherBand");
            chooseBandAndBind(refusal[0]);
            window.waitFor(() -> window.text("#enrollProblem").contains(refusal[1]), refusal[1]);
            assertThat(services.lifecycle().latestBindingOfBand(refusal[0])
                    .filter(b -> b.state() != BindingState.FAILED)).as(refusal[0]).isEmpty();
        }
        assertThat(services.simulator().radio().band(new BandSerial("PB400001")).orElseThrow().state())
                .isEqualTo(BandState.FACTORY);

        // the link drops in the middle of the bind: the console asks the band, finishes, and says so
        window.click("#anotherBand");
        chooseBandAndBind("PB600001");
        window.waitForVisible("#simulateCustomer");
        assertThat(window.text("#boundNote")).contains("link dropped");
        assertThat(services.lifecycle().latestBindingOfBand("PB600001").orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        assertThat(services.simulator().radio().band(new BandSerial("PB600001")).orElseThrow().state())
                .isEqualTo(BandState.BOUND);
    }

    @Test
    void aRefusedDocumentStopsTheWizardAtTheFirstStep() throws Exception {
        ConsoleServices services = signedIn("clerk", Role.RETAIL_STAFF);
        window.click("#nav-ENROLL");
        placeCard("wang-fang-expired");
        window.click("#readCard");
        window.waitFor(() -> window.text("#enrollProblem").contains("Document refused"), "the refused document");
        assertThat(window.node("#wizardNext").isDisabled()).isTrue();
        assertThat(services.customers().count()).isZero();
    }

    @Test
    void aTechnicianReachesNeitherEnrollmentNorPersonalData() throws Exception {
        ConsoleServices services = signedIn("tech", Role.FIELD_TECHNICIAN);
        assertThat(window.exists("#nav-HOME")).isTrue();
        assertThat(window.exists("#nav-ENROLL")).isFalse();
        assertThat(window.exists("#nav-CUSTOMERS")).isFalse();
        assertThat(window.exists("#homeEnroll")).isFalse();
        window.robot().press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertThat(window.exists("#enrollmentWizard")).isFalse();
    }

    @Test
    void aLockedConsoleGoesBackWhereTheSameMemberWasAndSpeaksChineseOnRequest() throws Exception {
        ConsoleServices services = signedIn("clerk", Role.RETAIL_STAFF);
        window.click("#nav-ENROLL");
        placeCard("zhang-wei");
        window.click("#readCard");
        window.waitForVisible("#documentAccepted");
        window.click("#lock");
        window.waitForVisible("#password");
        window.type("#password", TestStores.passwordOf("clerk")).click("#signIn");
        window.waitFor(() -> !window.exists("#password") && window.exists("#documentAccepted"), "back in the wizard");

        window.click("#language");
        window.waitFor(() -> window.exists("#nav-ENROLL") && window.text("#nav-ENROLL").equals("为顾客开通"), "Chinese");
        assertThat(window.exists("#documentAccepted")).as("the card read is kept in the new language").isTrue();
    }

    @Test
    void switchingTheLanguageMidEnrollmentKeepsTheCardTheConsentAndThePhone() throws Exception {
        signedIn("clerk", Role.RETAIL_STAFF);
        window.click("#nav-ENROLL");
        placeCard("passport-anna"); // a passport: the consent follows the console's language
        window.click("#readCard");
        window.waitForVisible("#documentAccepted");
        window.click("#wizardNext").waitForVisible("#consentText");
        assertThat(window.text("#consentText")).doesNotContainPattern("\\p{IsHan}");

        // not yet agreed: the consent is offered again in the new language, the card read stays
        window.click("#language");
        window.waitFor(() -> window.text("#nav-ENROLL").equals("为顾客开通"), "Chinese");
        window.waitFor(() -> window.exists("#consentText") && window.text("#consentText").matches("(?s).*\\p{IsHan}.*"),
                "the consent, still the step shown, in Chinese");
        window.click("#consentGiven");
        window.robot().type(KeyCode.ENTER);
        window.waitForVisible("#simulatePhone");
        window.click("#simulatePhone");
        window.waitFor(() -> !window.node("#wizardNext").isDisabled(), "the phone accepted");

        // and back: still at the phone, with the phone accepted and the consent as agreed
        window.click("#language");
        window.waitFor(() -> window.text("#nav-ENROLL").equals("Enroll a customer"), "English again");
        window.waitFor(() -> window.exists("#simulatePhone") && !window.node("#wizardNext").isDisabled(),
                "the phone step, its phone still accepted");
        window.click("#wizardNext");
        window.chooseBandAndBind("PB100001");
        window.waitForVisible("#simulateCustomer"); // bound: the consent given in Chinese was recorded
    }

    /** A store with this one member, signed in on the window. */
    private ConsoleServices signedIn(String name, Role role) throws Exception {
        ConsoleServices services = TestStores.registered(dir);
        TestStores.staff(services, name, role);
        window = ConsoleWindow.on(services).signIn(name, TestStores.passwordOf(name));
        return services;
    }

    private void enrollUntilBind(String card, String band) {
        placeCard(card);
        window.click("#readCard");
        window.waitForVisible("#documentAccepted");
        window.click("#wizardNext");
        window.click("#consentGiven");
        window.robot().type(KeyCode.ENTER); // goes on, the box still ticked
        window.waitForVisible("#simulatePhone");
        window.click("#simulatePhone");
        window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone accepted");
        window.click("#wizardNext");
        chooseBandAndBind(band);
    }

    private void placeCard(String card) {
        window.waitForVisible("#sampleCard");
        javafx.scene.control.ComboBox<?> samples = window.robot().lookup("#sampleCard").queryAs(javafx.scene.control.ComboBox.class);
        org.testfx.util.WaitForAsyncUtils.waitFor(org.testfx.util.WaitForAsyncUtils.asyncFx(() -> samples.getSelectionModel().select(samples.getItems().indexOf(card))));
        window.click("#placeCard");
    }

    private void chooseBandAndBind(String band) {
        window.chooseBandAndBind(band);
    }

    private static List<AuditEvent> events(ConsoleServices services, AuditAction action) {
        List<AuditEvent> found = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                100), found::add);
        return found;
    }
}

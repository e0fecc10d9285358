package com.payband.console.ui;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Takes the screenshots in src/docs/screenshots by driving the real window (not part of the test run:
 * {@code src/scripts/screenshots.sh}).
 */
@Tag("screenshots")
class Screenshots {

    private static final Path OUT = Path.of(System.getProperty("screenshots.dir", "../src/docs/screenshots"));

    @TempDir
    Path dir;

    @Test
    void takeThem() throws Exception {
        Files.createDirectories(OUT);
        try (ConsoleWindow first = ConsoleWindow.firstStart(dir.resolve("first"))) {
            first.waitForVisible("#repeatPassword");
            first.type("#username", "admin");
            shoot(first, "01-first-start");
        }
        // registered with a backend, as a store that binds bands is
        ConsoleServices services = TestStores.registered(dir.resolve("store"));
        TestStores.staff(services, "li.na", Role.RETAIL_STAFF);
        TestStores.staff(services, "wang.jun", Role.SUPPORT_AGENT);
        TestStores.staff(services, "zhao.lei", Role.FIELD_TECHNICIAN);
        TestStores.staff(services, "audit.office", Role.AUDITOR);
        try (ConsoleWindow w = ConsoleWindow.on(services)) {
            w.waitForVisible("#username");
            w.type("#username", "li.na");
            shoot(w, "02-sign-in");
            w.type("#password", TestStores.passwordOf("li.na")).click("#signIn").waitForVisible("#home");
            shoot(w, "03-home");
            w.click("#nav-ENROLL");
            w.click("#placeCard").click("#readCard").waitForVisible("#documentAccepted");
            shoot(w, "04-enroll-id-card");
            w.click("#wizardNext").waitForVisible("#consentText");
            w.click("#consentGiven");
            shoot(w, "05-enroll-consent-chinese");
            w.click("#wizardNext").waitForVisible("#simulatePhone");
            w.click("#simulatePhone").waitFor(() -> w.text("#phoneStatus").contains("Phone accepted"), "phone");
            shoot(w, "06-enroll-phone");
            w.click("#wizardNext").waitForVisible("#bandTable");
            w.waitFor(() -> w.robot().lookup("#bandTable").queryAs(javafx.scene.control.TableView.class).getItems().size() >= 9,
                    "the bands around");
            w.type("#bandSerial", "PB300001");
            w.waitFor(() -> w.text("#chosenBand").contains("PB300001"), "chosen as typed");
            shoot(w, "07-enroll-find-band");
            w.robot().type(KeyCode.ENTER);
            w.waitFor(() -> w.text("#enrollProblem").contains("STOLEN"), "stolen");
            shoot(w, "08-enroll-refused-stolen");
            w.click("#anotherBand").chooseBandAndBind("PB800001");
            w.waitFor(() -> w.text("#enrollProblem").contains("before the sale"), "pre-paired");
            shoot(w, "09-enroll-refused-prepaired");
            w.click("#anotherBand").chooseBandAndBind("PB100001");
            w.waitForVisible("#simulateCustomer");
            w.click("#simulateCustomer").waitFor(() -> w.text("#paymentCode").startsWith("PBPAY1:"), "payment code");
            shoot(w, "10-enroll-payment-check");
            w.click("#verifyPayment").waitForVisible("#enrollmentDone");
            shoot(w, "11-enroll-done");
            w.click("#nav-CUSTOMERS");
            w.click("#searchBy");
            w.robot().clickOn("Band serial");
            w.type("#customerQuery", "PB100001").click("#customerSearch").waitForVisible("#customerName");
            w.click("#revealCustomer").waitForVisible("#revealedIdentity");
            shoot(w, "12-customer-detail");
            w.click("#darkTheme");
            w.click("#nav-HOME");
            shoot(w, "13-home-dark");
            w.click("#darkTheme");
            w.click("#language");
            w.waitFor(() -> w.text("#nav-ENROLL").equals("为顾客开通"), "Chinese");
            w.click("#nav-ENROLL");
            w.click("#placeCard").click("#readCard").waitForVisible("#documentAccepted");
            shoot(w, "14-enroll-chinese");
            w.click("#language");
            w.waitFor(() -> w.text("#nav-ENROLL").equals("Enroll a customer"), "English");
            w.click("#signOut");
            w.signIn(TestStores.ADMIN, TestStores.PASSWORD);
            w.click("#nav-STAFF");
            shoot(w, "15-staff");
            w.click("#nav-AUDIT");
            shoot(w, "16-audit");
            w.click("#nav-SETTINGS");
            shoot(w, "17-settings");
            w.click("#nav-BACKUPS");
            w.click("#backUpNow").waitFor(() -> !w.text("#backupsNotice").isBlank(), "backed up");
            w.click("#checkLatest").waitFor(() -> w.text("#checkResult").contains("can be restored"), "checked");
            shoot(w, "26-backups");
            w.click("#language");
            w.waitFor(() -> w.text("#nav-HOME").equals("首页") || !w.text("#nav-HOME").equals("Home"), "Chinese");
            w.click("#nav-HOME").waitForVisible("#recoveryReminder");
            shoot(w, "27-home-admin-chinese");
            w.click("#nav-AUDIT");
            shoot(w, "28-audit-chinese");
        }
    }

    /**
     * The backend down: the bind queued in the wizard, the queue on the home screen, and a stolen report at the support
     * desk, in force here and not yet in other stores.
     */
    @Test
    void theOfflineQueue() throws Exception {
        Files.createDirectories(OUT);
        try (var backend = com.payband.console.sync.CabledBackend.start(dir.resolve("backend"))) {
            ConsoleServices services = TestStores.create(dir.resolve("queue-store"));
            services.backend().register(TestStores.admin(services), backend.url(), backend.backend().code(), "Shop 1");
            var clerk = TestStores.staff(services, "li.na", Role.RETAIL_STAFF);
            TestStores.staff(services, "wang.jun", Role.SUPPORT_AGENT);
            var zhang = TestStores.customer(services, clerk, "zhang-wei");
            services.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100001"),
                    TestStores.phoneOf(services, clerk, zhang), s -> { });
            services.sync().push();
            backend.down();
            try (ConsoleWindow w = ConsoleWindow.on(services)) {
                w.signIn("li.na", TestStores.passwordOf("li.na"));
                w.readCardAndTakeConsent();
                w.click("#simulatePhone").waitFor(() -> w.text("#phoneStatus").contains("Phone accepted"), "phone");
                w.click("#wizardNext").waitForVisible("#bandSerial");
                w.chooseBandAndBind("PB100002");
                w.waitForVisible("#queueBind");
                shoot(w, "18-enroll-backend-down");
                w.click("#queueBind").waitForVisible("#queuedEnrollNext");
                w.click("#nav-HOME").waitForVisible("#enrollmentQueue");
                shoot(w, "19-home-queue");
                w.click("#signOut");
                w.signIn("wang.jun", TestStores.passwordOf("wang.jun"));
                w.click("#nav-CUSTOMERS");
                w.click("#searchBy");
                w.robot().clickOn("Band serial");
                w.type("#customerQuery", "PB100001").click("#customerSearch").waitForVisible("#customerName");
                w.click("#reportSTOLEN").waitForVisible("#confirmReport");
                shoot(w, "20-support-confirm-stolen");
                w.click("#confirmReport").waitFor(() -> w.text("#reportNote").contains("Not yet effective"), "reported");
                shoot(w, "21-support-reported-stolen");
                // the backend back: the queued band is bound with the customer gone, and says nobody saw it pay
                backend.back();
                w.click("#signOut");
                w.signIn("li.na", TestStores.passwordOf("li.na"));
                w.click("#syncNow");
                @SuppressWarnings("unchecked")
                javafx.scene.control.TableView<com.payband.console.enrollment.QueuedEnrollment> queue =
                        (javafx.scene.control.TableView<com.payband.console.enrollment.QueuedEnrollment>)
                                w.node("#enrollmentQueue");
                w.waitFor(() -> queue.getItems().size() == 1 && queue.getItems().get(0).state()
                        == com.payband.console.enrollment.QueuedEnrollment.State.DONE, "bound from the queue");
                w.robot().interact(() -> queue.getSelectionModel().select(0));
                w.click("#checkQueuedPayment").waitForVisible("#paymentCheckDue");
                w.click("#simulateCustomerPays").waitFor(() -> !w.text("#bindingPaymentCode").isEmpty(), "code");
                shoot(w, "29-payment-not-checked");
                // where this console syncs and binds: an administrator registers it with the backend's one-time code
                w.click("#signOut");
                w.signIn(TestStores.ADMIN, TestStores.PASSWORD);
                w.click("#nav-SETTINGS").waitForVisible("#backendStatus");
                w.waitFor(() -> w.text("#backendStatus").startsWith("Registered with"), "registered");
                w.reveal("#registerBackend");
                shoot(w, "30-settings-backend");
            }
        }
    }

    /** The support desk: a lost band looked up, its owner's card read again; then a stolen band reset with it. */
    @Test
    void theSupportDesk() throws Exception {
        Files.createDirectories(OUT);
        try (var backend = com.payband.console.sync.CabledBackend.start(dir.resolve("support-backend"))) {
            ConsoleServices services = TestStores.create(dir.resolve("support-store"));
            services.backend().register(TestStores.admin(services), backend.url(), backend.backend().code(), "Shop 1");
            var clerk = TestStores.staff(services, "li.na", Role.RETAIL_STAFF);
            var agent = TestStores.staff(services, "wang.jun", Role.SUPPORT_AGENT);
            var zhang = TestStores.customer(services, clerk, "zhang-wei");
            var band = new com.payband.band.BandSerial("PB100001");
            java.util.UUID binding = services.enrollment().enroll(clerk, zhang, band, TestStores.phoneOf(services, clerk,
                    zhang), s -> { }).bindingId();
            services.lifecycle().transition(clerk, binding, com.payband.console.binding.ReasonCode.LOST,
                    java.util.Optional.empty());
            services.sync().push();
            try (ConsoleWindow w = ConsoleWindow.on(services)) {
                w.signIn("wang.jun", TestStores.passwordOf("wang.jun"));
                w.click("#nav-SUPPORT");
                w.type("#supportSerial", "PB100001").click("#supportLookUp");
                w.waitFor(() -> w.text("#bandFacts").contains("Suspended"), "looked up");
                w.click("#supportPlaceCard").click("#readOwnerCard");
                w.waitFor(() -> w.text("#ownerCardNote").startsWith("Read:"), "card read");
                shoot(w, "22-support-found");
                services.lifecycle().transition(agent, binding, com.payband.console.binding.ReasonCode.STOLEN,
                        java.util.Optional.empty());
                services.sync().push();
                w.click("#forgetOwnerCard");
                w.click("#supportLookUp").waitFor(() -> w.text("#bandFacts").contains("Keep the band"), "stolen");
                w.click("#supportReset").waitFor(() -> w.text("#supportProblem").contains("read its owner"), "refused");
                shoot(w, "23-support-reset-refused");
                // the owner cannot come: an administrator approves the reset at the desk, with their own password
                w.type("#approverName", TestStores.ADMIN).type("#approverPassword", TestStores.PASSWORD)
                        .click("#approveReset");
                w.waitFor(() -> w.text("#resetApproval").startsWith("Approved by"), "approved");
                w.reveal("#resetApproval");
                shoot(w, "24-support-reset-approved");
                // the reset, with why and a note; then the customer's page: every step, who, why, from which console
                w.type("#supportNote", "Handed in by the metro police, report 1142");
                w.click("#supportReset").waitFor(() -> w.text("#supportResult").contains("reset to factory state"),
                        "reset");
                w.click("#nav-CUSTOMERS");
                w.click("#searchBy");
                w.robot().clickOn("Band serial");
                w.type("#customerQuery", "PB100001").click("#customerSearch").waitForVisible("#customerName");
                javafx.scene.control.TableView<?> history = w.robot().lookup("#bindingHistory")
                        .queryAs(javafx.scene.control.TableView.class);
                w.waitFor(() -> history.getItems().size() == 5, "the five steps, the reset last");
                w.reveal("#bindingHistory");
                WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> history.scrollTo(history.getItems().size() - 1)));
                shoot(w, "25-customer-history");
            }
        }
    }

    /** A band enrolled at another store, reported stolen for its owner at this store's desk with her card. */
    @Test
    void theSupportDeskReportsAnotherStoresBand() throws Exception {
        Files.createDirectories(OUT);
        try (var backend = com.payband.console.sync.CabledBackend.start(dir.resolve("report-backend"));
                ConsoleServices storeA = TestStores.create(dir.resolve("report-store-a"))) {
            storeA.backend().register(TestStores.admin(storeA), backend.url(), backend.backend().code(), "Shop 1");
            var clerk = TestStores.staff(storeA, "li.na", Role.RETAIL_STAFF);
            var zhang = TestStores.customer(storeA, clerk, "zhang-wei");
            storeA.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100001"),
                    TestStores.phoneOf(storeA, clerk, zhang), s -> { });
            storeA.sync().push();
            ConsoleServices storeB = TestStores.create(dir.resolve("report-store-b"));
            storeB.backend().register(TestStores.admin(storeB), backend.url(), backend.backend().code(), "Shop 2");
            TestStores.staff(storeB, "wang.jun", Role.SUPPORT_AGENT);
            try (storeB; ConsoleWindow w = ConsoleWindow.on(storeB)) {
                w.signIn("wang.jun", TestStores.passwordOf("wang.jun"));
                w.click("#nav-SUPPORT");
                w.type("#supportSerial", "PB100001").click("#supportLookUp");
                w.waitFor(() -> w.text("#bandFacts").contains("its owner can report it here"), "looked up");
                w.click("#supportPlaceCard").click("#readOwnerCard");
                w.waitFor(() -> w.text("#ownerCardNote").startsWith("Read:"), "card read");
                w.click("#reportForOwner").waitFor(() -> w.text("#supportResult").contains("is reported stolen"),
                        "reported");
                w.waitFor(() -> w.text("#bandFacts").contains("Keep the band"), "shown as stolen");
                w.reveal("#supportResult");
                shoot(w, "33-support-report-for-owner");
            }
        }
    }

    /**
     * The Bluetooth driver: chosen in Settings (the training radio: TinyB against the BlueZ stand-in), then a bind
     * the driver dies in, finished by the console, with the status bar saying the driver restarted.
     */
    @Test
    void theBluetoothDriver() throws Exception {
        Files.createDirectories(OUT);
        ConsoleServices services = TestStores.registered(dir.resolve("ble-store"));
        TestStores.staff(services, "zhao.lei", Role.RETAIL_STAFF, Role.FIELD_TECHNICIAN);
        try (ConsoleWindow w = ConsoleWindow.on(services)) {
            w.signIn("zhao.lei", TestStores.passwordOf("zhao.lei"));
            w.click("#nav-SETTINGS").waitForVisible("#bandRadio");
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<com.payband.console.bands.BandTransport.Kind> radio =
                    (javafx.scene.control.ComboBox<com.payband.console.bands.BandTransport.Kind>) w.node("#bandRadio");
            w.robot().interact(() -> radio.setValue(com.payband.console.bands.BandTransport.Kind.TINYB_STAND_IN));
            w.click("#useRadio").waitFor(() -> !w.text("#radioNotice").isEmpty(), "the radio in use");
            w.reveal("#radioState");
            shoot(w, "31-settings-bluetooth");
            services.simulator().bluez().orElseThrow().onReply((serial, reply) -> {
                if (reply.dropLink()) {
                    com.payband.console.ui.enrollment.BluetoothEnrollmentTest.killBluetoothDriver();
                }
            });
            w.readCardAndTakeConsent();
            w.click("#simulatePhone").waitFor(() -> w.text("#phoneStatus").contains("Phone accepted"), "phone");
            w.click("#wizardNext");
            w.chooseBandAndBind("PB600001");
            w.waitForVisible("#simulateCustomer");
            w.waitFor(() -> w.text("#statusRadio").contains("restarted"), "the driver restarted, said");
            shoot(w, "32-enroll-bluetooth-driver-restarted");
        }
    }

    /** The window as a PNG (the scene's own pixels: no display needed). */
    private static void shoot(ConsoleWindow window, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() ->
                org.testfx.api.FxToolkit.toolkitContext().getRegisteredStage().getScene().snapshot(null)).get();
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", OUT.resolve(name + ".png").toFile());
    }
}

package com.payband.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.ReasonCode;
import com.payband.console.staff.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.control.TableView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * 1366×768 is the smallest supported screen (the tests' Monocle screen, see console-app's pom): on it every page a
 * member of each role opens shows its labels, buttons, column headers and cells whole, in both languages.
 */
class SmallScreenTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void everyPageReadsWholeOnA1366By768Screen(String language) throws Exception {
        Locale locale = Locale.forLanguageTag(language);
        ConsoleServices services = TestStores.registered(dir.resolve("store"));
        var clerk = TestStores.staff(services, "li.na", Role.RETAIL_STAFF);
        TestStores.staff(services, "wang.jun", Role.SUPPORT_AGENT);
        TestStores.staff(services, "zhao.lei", Role.FIELD_TECHNICIAN);
        var zhang = TestStores.customer(services, clerk, "zhang-wei");
        var binding = services.enrollment().enroll(clerk, zhang, new BandSerial("PB100001"),
                TestStores.phoneOf(services, clerk, zhang), s -> { }).bindingId();
        services.lifecycle().transition(clerk, binding, ReasonCode.LOST, Optional.empty());
        List<String> cut = new ArrayList<>();
        try (ConsoleWindow w = ConsoleWindow.on(services)) {
            WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> w.context().localeProperty().set(locale)));
            check(w, "sign-in", cut);
            w.signIn(TestStores.ADMIN, TestStores.PASSWORD);
            w.waitForVisible("#recoveryReminder");
            check(w, "home (admin)", cut);
            w.click("#recoveryNow").waitForVisible("#backUpNow"); // the reminder leads to where the file is made
            w.click("#nav-STAFF");
            check(w, "staff", cut);
            w.click("#nav-AUDIT");
            TableView<?> audit = w.robot().lookup("#auditTable").queryAs(TableView.class);
            w.waitFor(() -> !audit.getItems().isEmpty(), "the audit trail");
            check(w, "audit", cut);
            w.click("#nav-BACKUPS");
            w.click("#backUpNow").waitFor(() -> !w.text("#backupsNotice").isBlank(), "backed up");
            w.click("#checkLatest").waitFor(() -> w.node("#checkResult").getStyleClass().contains("ok"), "checked");
            check(w, "backups", cut);
            w.click("#nav-SETTINGS");
            check(w, "settings (admin)", cut);
            w.click("#signOut");

            w.signIn("li.na", TestStores.passwordOf("li.na"));
            check(w, "home (clerk)", cut);
            assertThat(w.exists("#homeEnroll")).as("the clerk's quick action on the first page shown").isTrue();
            w.click("#nav-ENROLL").waitForVisible("#placeCard");
            check(w, "enroll: the card", cut);
            w.click("#placeCard").click("#readCard").waitForVisible("#documentAccepted");
            check(w, "enroll: the card read", cut);
            // the sample card's face, shown through the simulator's decoder and said to be the simulator's
            javafx.scene.image.ImageView photo = w.robot().lookup("#documentPhoto").queryAs(javafx.scene.image.ImageView.class);
            assertThat(photo.getImage().isError()).isFalse();
            assertThat(photo.getImage().getWidth()).isGreaterThan(50);
            assertThat(w.text("#documentPhotoNote")).contains(locale.getLanguage().equals("zh") ? "模拟器" : "Simulator");
            w.click("#wizardNext").waitForVisible("#consentGiven");
            w.click("#consentGiven");
            check(w, "enroll: consent", cut);
            w.click("#wizardNext").waitForVisible("#simulatePhone");
            w.click("#simulatePhone").waitFor(() -> !w.node("#wizardNext").isDisabled(), "phone accepted");
            check(w, "enroll: phone", cut);
            w.click("#wizardNext").waitForVisible("#bandSerial");
            TableView<?> bands = w.robot().lookup("#bandTable").queryAs(TableView.class);
            w.waitFor(() -> bands.getItems().size() >= 5, "the bands around");
            check(w, "enroll: band", cut);
            w.chooseBandAndBind("PB100002");
            w.waitForVisible("#simulateCustomer");
            w.click("#simulateCustomer").waitFor(() -> w.text("#paymentCode").startsWith("PBPAY1:"), "payment code");
            check(w, "enroll: payment check", cut);
            w.click("#verifyPayment").waitForVisible("#enrollmentDone");
            check(w, "enroll: done", cut);
            w.click("#signOut");

            w.signIn("wang.jun", TestStores.passwordOf("wang.jun"));
            w.click("#nav-CUSTOMERS");
            javafx.scene.control.ComboBox<Object> by = w.robot().lookup("#searchBy").queryComboBox();
            WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> by.getSelectionModel().select(by.getItems().stream()
                    .filter(o -> o.toString().equals("BAND_SERIAL")).findFirst().orElseThrow())));
            w.type("#customerQuery", "PB100001").click("#customerSearch").waitForVisible("#customerName");
            check(w, "customer", cut);
            w.click("#nav-SUPPORT");
            w.type("#supportSerial", "PB100001").click("#supportLookUp");
            w.waitFor(() -> !w.text("#bandFacts").isBlank(), "looked up");
            check(w, "support desk", cut);
            w.click("#nav-SETTINGS");
            check(w, "settings (agent)", cut);
            w.click("#signOut");

            w.signIn("zhao.lei", TestStores.passwordOf("zhao.lei"));
            check(w, "home (technician)", cut);
        }
        assertThat(cut).as("texts cut short at 1366×768 (" + language + ")").isEmpty();
    }

    private static void check(ConsoleWindow w, String page, List<String> cut) {
        WaitForAsyncUtils.waitForFxEvents();
        w.elidedTexts().forEach(text -> cut.add(page + " — " + text));
    }
}

package com.payband.console.ui.customers;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.sync.CabledBackend;
import com.payband.console.ui.ConsoleWindow;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "My band was lost", then "it was stolen", at the support desk while the backend is down: each report asks for a
 * confirmation that says what it does, is in force in this console at once, and the page says plainly that other
 * stores do not know of it yet; once the backend answers, the page says it has the report, and its issuer refuses
 * the band's payments. A retail clerk is offered them too.
 */
class ReportLostOrStolenWindowTest {

    private static final BandSerial BAND = new BandSerial("PB100001");

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
    void reportsAreInForceHereAtOnceAndTheAgentIsToldWhenOtherStoresKnow() throws Exception {
        backend = CabledBackend.start(dir.resolve("backend"));
        ConsoleServices store = TestStores.create(dir.resolve("store"));
        store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Shop");
        StaffSession clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        TestStores.staff(store, "agent", Role.SUPPORT_AGENT);
        UUID zhang = TestStores.customer(store, clerk, "zhang-wei");
        UUID binding = store.enrollment().enroll(clerk, zhang, BAND, TestStores.phoneOf(store, clerk, zhang), s -> { })
                .bindingId();
        store.sync().push();
        backend.down();
        // the store as its customers know it, on their receipts
        store.settings().set(TestStores.admin(store), com.payband.console.settings.Setting.STORE_NAME, "PayBand 王府井店");
        store.settings().set(TestStores.admin(store), com.payband.console.settings.Setting.STORE_ADDRESS,
                "北京市东城区王府井大街 88 号");

        window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        findByBand();
        assertThat(window.exists("#reportLOST")).as("a clerk takes a lost or stolen band's call too").isTrue();
        assertThat(window.exists("#reportSTOLEN")).isTrue();
        window.click("#signOut");

        window.signIn("agent", TestStores.passwordOf("agent"));
        findByBand();
        window.click("#reportLOST");
        window.waitForVisible("#confirmReport");
        assertThat(window.text("#reportQuestion")).contains("suspended at once");
        // cancelling changes nothing
        window.click("#cancelReport");
        assertThat(window.exists("#confirmReport")).isFalse();
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);

        window.click("#reportLOST").waitForVisible("#confirmReport").click("#confirmReport");
        window.waitFor(() -> window.text("#reportNote").contains("Not yet effective in other stores"),
                "the report not yet elsewhere, said");
        assertThat(window.text("#reportNote")).contains("Band PB100001 reported lost");
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.SUSPENDED);

        // the backend answers again: the report leaves first, and the page says so
        backend.back();
        window.click("#syncNow");
        window.waitFor(() -> window.text("#reportNote").contains("The backend has the report"), "the backend has it");
        assertThat(backend.backend().issuer().binding(binding.toString()).orElseThrow().state()).isEqualTo("SUSPENDED");
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(zhang, BAND)))
                .isEqualTo(PaymentVerdict.BINDING_NOT_ACTIVE);

        // then it turns out to be stolen: deactivated for good, here and at the backend
        window.click("#reportSTOLEN").waitForVisible("#confirmReport");
        assertThat(window.text("#reportQuestion")).contains("deactivated for good");
        window.click("#confirmReport");
        window.waitFor(() -> store.lifecycle().bindingById(binding).orElseThrow().state() == BindingState.DEACTIVATED,
                "deactivated here");
        window.waitFor(() -> window.text("#reportNote").contains("reported stolen")
                && window.text("#reportNote").contains("The backend has the report"), "stolen, at the backend");
        assertThat(backend.backend().issuer().binding(binding.toString()).orElseThrow().state()).isEqualTo("DEACTIVATED");
        assertThat(window.node("#reportSTOLEN").isDisabled()).as("nothing more to report").isTrue();

        // the customer's receipt, in their language (a resident ID card: Chinese), names masked
        java.util.List<byte[]> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        window.context().useReceiptPrinter((pdf, job) -> {
            printed.add(pdf);
            return java.util.Optional.of("Front desk");
        });
        window.click("#printReportReceipt");
        window.waitFor(() -> window.text("#reportReceiptNote").contains("Front desk"), "printed");
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(printed.get(0))) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf)).contains("手环被盗报告回执")
                    .contains("PayBand 王府井店, 北京市东城区王府井大街 88 号").doesNotContain(store.storeId())
                    .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2} [+-]\\d{2}:\\d{2}") // a zone's name, not an offset
                    .contains(BAND.value()).contains(binding.toString()).doesNotContain("张伟")
                    .doesNotContain("110101198803150111");
        }
    }

    @Test
    void anAgentDeactivatesADamagedBandWithANoteTheHistoryShows() throws Exception {
        ConsoleServices store = TestStores.registered(dir.resolve("store"));
        StaffSession clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        TestStores.staff(store, "agent", Role.SUPPORT_AGENT);
        UUID zhang = TestStores.customer(store, clerk, "zhang-wei");
        UUID binding = store.enrollment().enroll(clerk, zhang, BAND, TestStores.phoneOf(store, clerk, zhang), s -> { })
                .bindingId();
        window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        findByBand();
        assertThat(window.exists("#reportDEACTIVATE")).as("other deactivations are the support desk's").isFalse();
        window.click("#signOut");

        window.signIn("agent", TestStores.passwordOf("agent"));
        findByBand();
        window.click("#reportDEACTIVATE").waitForVisible("#deactivateReason");
        var why = window.robot().lookup("#deactivateReason")
                .queryAs(javafx.scene.control.ComboBox.class);
        org.testfx.util.WaitForAsyncUtils.waitFor(org.testfx.util.WaitForAsyncUtils.asyncFx(
                () -> why.getSelectionModel().select(com.payband.console.binding.ReasonCode.DAMAGED)));
        window.waitFor(() -> window.text("#reportQuestion").contains("damaged"), "the damaged question");
        window.type("#reportText", "Screen cracked, strap torn");
        window.click("#confirmReport");
        window.waitFor(() -> store.lifecycle().bindingById(binding).orElseThrow().state() == BindingState.DEACTIVATED,
                "deactivated");
        var steps = store.lifecycle().historyWithStaff(clerk, binding);
        assertThat(steps.get(steps.size() - 1).step().reason()).isEqualTo(com.payband.console.binding.ReasonCode.DAMAGED);
        assertThat(steps.get(steps.size() - 1).note()).contains("Screen cracked, strap torn");
        assertThat(steps.get(steps.size() - 1).staff()).isEqualTo("agent");
        window.waitFor(() -> window.robot().lookup("Screen cracked, strap torn").tryQuery().isPresent(),
                "the note in the history table");
        assertThat(window.exists("#saveReportReceipt")).as("a receipt for the customer").isTrue();
        assertThat(store.lifecycle().revocation(binding)).as("damaged is no theft").isEmpty();
    }

    @Test
    void myBandWasStolenIsTakenInChineseWithTheKeyboardOnly() throws Exception {
        ConsoleServices store = TestStores.registered(dir.resolve("store"));
        StaffSession clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        UUID zhang = TestStores.customer(store, clerk, "zhang-wei");
        UUID binding = store.enrollment().enroll(clerk, zhang, BAND, TestStores.phoneOf(store, clerk, zhang), s -> { })
                .bindingId();
        window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        window.click("#language");
        window.waitFor(() -> window.text("#nav-CUSTOMERS").equals("顾客与手环"), "Chinese");
        window.click("#nav-CUSTOMERS");
        // from here the keyboard only: search by the band's serial
        window.tabTo("searchBy");
        window.robot().type(javafx.scene.input.KeyCode.DOWN, javafx.scene.input.KeyCode.DOWN);
        window.waitFor(() -> window.robot().lookup("#searchBy").queryAs(javafx.scene.control.ComboBox.class).getValue()
                == CustomersViewModel.SearchBy.BAND_SERIAL, "by band serial");
        window.tabTo("customerQuery");
        window.robot().write(BAND.value());
        window.robot().type(javafx.scene.input.KeyCode.ENTER);
        window.waitForVisible("#customerName");
        window.tabTo("reportSTOLEN");
        window.robot().type(javafx.scene.input.KeyCode.SPACE);
        window.waitFor(() -> window.text("#reportQuestion").contains("停用"), "asked, in Chinese");
        window.tabTo("reportText");
        window.robot().write("taken on the metro");
        window.robot().type(javafx.scene.input.KeyCode.ENTER); // Enter confirms
        window.waitFor(() -> store.lifecycle().bindingById(binding).orElseThrow().state() == BindingState.DEACTIVATED,
                "deactivated");
        window.waitFor(() -> window.text("#reportNote").contains(BAND.value()), "said what was done");
        var steps = store.lifecycle().historyWithStaff(clerk, binding);
        assertThat(steps.get(steps.size() - 1).step().reason()).isEqualTo(com.payband.console.binding.ReasonCode.STOLEN);
        assertThat(steps.get(steps.size() - 1).note()).contains("taken on the metro");
        assertThat(store.lifecycle().revocation(binding)).as("on the list of stolen bands").isPresent();
    }

    private void findByBand() {
        window.click("#nav-CUSTOMERS");
        window.click("#searchBy");
        window.robot().clickOn("Band serial");
        window.type("#customerQuery", BAND.value()).click("#customerSearch").waitForVisible("#customerName");
    }
}

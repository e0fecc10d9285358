package com.payband.console.ui.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.sync.CabledBackend;
import com.payband.console.ui.ConsoleWindow;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The support desk in the window, against a real backend: a clerk looks up a band nobody here owns and is told to
 * keep it; the agent takes a lost band back into use only with its owner's card, then resets it once reported stolen,
 * again only with the owner's card; the owner's card is forgotten once used.
 */
class SupportDeskWindowTest {

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
    void aLostBandIsTakenBackAndAStolenOneResetOnlyWithItsOwnersCard() throws Exception {
        Desk desk = desk(true);
        ConsoleServices store = desk.store();
        StaffSession clerk = desk.clerk();
        StaffSession agent = desk.agent();
        UUID zhang = desk.zhang();
        UUID binding = desk.binding();
        store.lifecycle().transition(clerk, binding, ReasonCode.LOST, Optional.empty());
        store.sync().push();

        // the clerk who was told to keep a band: the sample reported stolen elsewhere, and nothing about an unknown one
        window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        window.click("#nav-SUPPORT");
        window.type("#supportSerial", "pb300001").click("#supportLookUp");
        window.waitFor(() -> window.text("#bandFacts").contains("Keep the band"), "told to keep it");
        assertThat(window.text("#bandFacts")).contains("never enrolled by this console").contains("Reported stolen");
        assertThat(window.exists("#supportReset")).as("resets are the support desk's").isFalse();
        window.type("#supportSerial", "PB9ZZZZZ").click("#supportLookUp");
        window.waitFor(() -> window.text("#bandFacts").contains("Nothing is known of band PB9ZZZZZ"), "unknown band");
        window.type("#supportSerial", "not a band").click("#supportLookUp");
        window.waitFor(() -> window.text("#supportProblem").contains("not a band serial"), "bad serial");
        window.click("#signOut");

        window.signIn("agent", TestStores.passwordOf("agent"));
        window.click("#nav-SUPPORT");
        window.type("#supportSerial", BAND.value()).click("#supportLookUp");
        window.waitFor(() -> window.text("#bandFacts").contains("Suspended"), "the lost band");
        assertThat(window.node("#supportFound").isDisabled()).as("not without the owner's card").isTrue();
        assertThat(window.node("#supportReset").isDisabled()).as("the owner's band, lost").isTrue();

        // someone else's card: refused by the service, the band stays suspended
        readCard("ayigul");
        window.click("#supportFound");
        window.waitFor(() -> window.text("#supportProblem").contains("does not belong to the customer"), "not the owner");
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.SUSPENDED);

        readCard("zhang-wei");
        window.type("#supportNote", "handed in at the lost-property office");
        window.click("#supportFound");
        window.waitFor(() -> window.text("#supportResult").contains("active again"), "found");
        assertThat(store.lifecycle().historyWithStaff(agent, binding)).last().satisfies(step -> {
            assertThat(step.staff()).isEqualTo("agent");
            assertThat(step.note()).contains("handed in at the lost-property office");
        });
        assertThat(window.text("#supportNote")).as("the note went with the step").isEmpty();
        window.waitFor(() -> window.text("#bandFacts").contains("Active"), "shown active");
        assertThat(window.text("#ownerCardNote")).as("the card is forgotten once used").isEmpty();
        assertThat(window.exists("#supportReceipt")).as("the owner's receipt").isTrue();
        window.waitFor(() -> backendState(binding).equals("ACTIVE"), "the backend has it");
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(zhang, BAND)))
                .isEqualTo(PaymentVerdict.ACCEPTED);

        // a new phone: the simulator plays its app's code; the old phone is locked out of the band
        var oldPhone = store.simulator().customerPhone(zhang);
        assertThat(window.node("#supportLinkPhone").isDisabled()).as("not without a code and the card").isTrue();
        window.click("#simulateNewPhone").waitFor(() -> window.text("#newPhoneCode").startsWith("PBPHONE1:"), "code");
        readCard("zhang-wei");
        window.click("#supportLinkPhone");
        window.waitFor(() -> window.text("#supportResult").contains("now obeys the owner's new phone"), "linked");
        assertThat(store.simulator().band(BAND).linkedPhone()).contains(store.simulator().customerPhone(zhang).key());
        assertThat(store.simulator().customerPhone(zhang).key()).isNotEqualTo(oldPhone.key());

        // stolen after all; the band turns up: reset only with the owner's card
        store.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        store.sync().push();
        window.click("#supportLookUp");
        window.waitFor(() -> window.text("#bandFacts").contains("Keep the band"), "stolen, keep it");
        window.click("#supportReset");
        window.waitFor(() -> window.text("#supportProblem").contains("read its owner"), "owner needed");
        assertThat(store.simulator().band(BAND).state()).isEqualTo(BandState.BOUND);
        readCard("zhang-wei");
        window.click("#supportReset");
        window.waitFor(() -> window.text("#supportResult").contains("reset to factory state, its owner re-verified"),
                "reset");
        assertThat(store.simulator().band(BAND).state()).isEqualTo(BandState.FACTORY);
    }

    @Test
    void anAdministratorApprovesAtTheDeskTheResetOfAStolenBandWhoseOwnerCannotComeAllByKeyboard() throws Exception {
        Desk desk = desk(true);
        ConsoleServices store = desk.store();
        StaffSession clerk = desk.clerk();
        UUID binding = desk.binding();
        store.lifecycle().transition(clerk, binding, ReasonCode.STOLEN, Optional.empty());
        store.sync().push();

        window = ConsoleWindow.on(store).signIn("agent", TestStores.passwordOf("agent"));
        window.click("#nav-SUPPORT");
        window.type("#supportSerial", BAND.value());
        window.robot().type(javafx.scene.input.KeyCode.ENTER);
        window.waitFor(() -> window.text("#bandFacts").contains("Keep the band"), "stolen, keep it");
        assertThat(window.node("#approveReset").isDisabled()).as("not without a name and password").isTrue();

        // the agent cannot approve their own reset; a wrong password approves nothing
        window.type("#approverName", "agent").type("#approverPassword", TestStores.passwordOf("agent"));
        window.robot().type(javafx.scene.input.KeyCode.ENTER);
        window.waitFor(() -> window.text("#supportProblem").contains("approve resets of stolen bands"), "agents do not");
        assertThat(window.text("#approverPassword")).as("the password is cleared at once").isEmpty();
        // the keyboard goes back where the member left it once the work is over: type after that, as a member would
        window.waitForFocus("approverPassword");
        // Enter once both are typed in (a member looks before pressing it, and types again what went astray: on a
        // loaded machine the focus can come back after the first keystrokes)
        typeApproval(TestStores.ADMIN, "not the password");
        window.robot().type(javafx.scene.input.KeyCode.ENTER);
        window.waitFor(() -> window.text("#supportProblem").contains("Wrong account name or password"), "wrong");
        assertThat(window.text("#resetApproval")).isEmpty();
        window.waitForFocus("approverPassword");

        typeApproval(TestStores.ADMIN, TestStores.PASSWORD);
        window.robot().type(javafx.scene.input.KeyCode.ENTER);
        window.waitFor(() -> window.text("#resetApproval").startsWith("Approved by admin"), "approved");
        assertThat(window.text("#approverName")).isEmpty();
        // the keyboard is where the member left it, not wherever JavaFX moved it while the work ran
        window.waitFor(() -> {
            javafx.scene.Node focused = org.testfx.api.FxToolkit.toolkitContext().getRegisteredStage().getScene()
                    .getFocusOwner();
            return focused != null && "approverPassword".equals(focused.getId());
        }, "the focus back in the password field");
        assertThat(store.simulator().band(BAND).state()).isEqualTo(BandState.BOUND);

        window.click("#supportReset");
        window.waitFor(() -> window.text("#supportResult").contains("approved by administrator admin"), "reset");
        assertThat(window.exists("#supportReceipt")).as("no owner here, no receipt").isFalse();
        assertThat(store.simulator().band(BAND).state()).isEqualTo(BandState.FACTORY);
        assertThat(window.text("#resetApproval")).as("used once, then forgotten").isEmpty();
    }

    @Test
    void aDamagedBandIsReplacedInOneGoWithTheCardReadOnceAndTheCustomerGetsAReceiptInTheirLanguage() throws Exception {
        Desk desk = desk(true);
        ConsoleServices store = desk.store();
        StaffSession clerk = desk.clerk();
        StaffSession agent = desk.agent();
        UUID zhang = desk.zhang();
        UUID old = desk.binding();
        BandSerial replacement = new BandSerial("PB100003");

        // a clerk sees no replacement: it deactivates and enrolls, the support desk's
        window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        window.click("#nav-SUPPORT");
        window.type("#supportSerial", BAND.value()).click("#supportLookUp");
        window.waitFor(() -> window.text("#bandFacts").contains("Active"), "the band");
        assertThat(window.exists("#supportReplace")).isFalse();
        window.click("#signOut");

        window.signIn("agent", TestStores.passwordOf("agent"));
        window.click("#nav-SUPPORT");
        window.type("#supportSerial", BAND.value()).click("#supportLookUp");
        window.waitFor(() -> window.exists("#supportReplace"), "a live band can be replaced");
        assertThat(window.node("#supportReplace").isDisabled()).as("not without card, reason, band, phone").isTrue();
        readCard("zhang-wei");
        javafx.scene.control.ComboBox<?> reasons = window.robot().lookup("#replaceReason")
                .queryAs(javafx.scene.control.ComboBox.class);
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> reasons.getSelectionModel()
                .select(reasons.getItems().indexOf(ReasonCode.DAMAGED))));
        window.type("#replacementSerial", BAND.value().toLowerCase());
        window.click("#simulateCustomerPhone").waitFor(() -> window.text("#replacementPhoneCode")
                .startsWith("PBPHONE1:"), "the customer's phone code");
        assertThat(window.node("#supportReplace").isDisabled()).as("a band does not replace itself").isTrue();
        window.type("#replacementSerial", replacement.value()).type("#replacementNote", "screen cracked");
        window.click("#supportReplace");
        window.waitFor(() -> window.text("#supportResult").contains("new band PB100003 is bound"), "replaced");
        assertThat(window.exists("#supportReceipt")).isTrue();

        assertThat(store.lifecycle().bindingById(old).orElseThrow().state()).isEqualTo(BindingState.DEACTIVATED);
        assertThat(store.lifecycle().historyWithStaff(agent, old).stream()
                .anyMatch(h -> h.note().filter("screen cracked"::equals).isPresent())).isTrue();
        assertThat(store.issuer().verifyPayment(store.simulator().customerShowsPaymentCode(zhang, replacement)))
                .isEqualTo(PaymentVerdict.ACCEPTED);
        assertThat(window.text("#ownerCardNote")).as("the card is forgotten once used").isEmpty();

        java.util.List<byte[]> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        window.context().useReceiptPrinter((pdf, job) -> {
            printed.add(pdf);
            return Optional.of("Service desk");
        });
        window.click("#printSupportReceipt");
        window.waitFor(() -> window.text("#supportReceiptNote").contains("Service desk"), "printed");
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(printed.get(0))) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf)).contains("手环补办回执")
                    .contains(replacement.value()).contains(BAND.value()).contains("损坏").doesNotContain("张伟")
                    .doesNotContain("110101198803150111");
        }
        // locked: nothing of the customer stays on screen
        window.click("#lock");
        window.waitForVisible("#password");
        window.type("#password", TestStores.passwordOf("agent")).click("#signIn");
        window.waitForVisible("#supportSerial");
        assertThat(window.exists("#supportReceipt")).isFalse();
    }

    @Test
    void aLostBandIsTakenBackInChineseWithTheKeyboardOnly() throws Exception {
        Desk desk = desk(true);
        ConsoleServices store = desk.store();
        StaffSession clerk = desk.clerk();
        StaffSession agent = desk.agent();
        UUID zhang = desk.zhang();
        UUID binding = desk.binding();
        store.lifecycle().transition(clerk, binding, ReasonCode.LOST, Optional.empty());

        window = ConsoleWindow.on(store).signIn("agent", TestStores.passwordOf("agent"));
        window.click("#language");
        window.waitFor(() -> window.text("#nav-SUPPORT").equals("客服台"), "Chinese");
        window.click("#nav-SUPPORT");
        // from here the keyboard only: the page opens in the serial field
        window.waitForFocus("supportSerial");
        window.robot().write(BAND.value());
        window.robot().type(KeyCode.ENTER);
        window.waitFor(() -> window.text("#bandFacts").contains(BAND.value()), "looked up");
        window.tabTo("supportPlaceCard");
        window.robot().type(KeyCode.SPACE);
        window.tabTo("readOwnerCard");
        window.robot().type(KeyCode.SPACE);
        window.waitFor(() -> window.text("#ownerCardNote").startsWith("已读取"), "the owner's card read");
        window.tabTo("supportNote");
        window.robot().write("found at the station");
        window.tabTo("supportFound");
        window.robot().type(KeyCode.SPACE);
        window.waitFor(() -> window.text("#supportResult").contains("已恢复使用"), "found");
        assertThat(store.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        assertThat(store.lifecycle().historyWithStaff(agent, binding)).last()
                .satisfies(step -> assertThat(step.note()).contains("found at the station"));
    }

    @Test
    void aNewPhoneAndThenTheRecoveredBandAreHandledWithTheKeyboardOnly() throws Exception {
        Desk desk = desk(true);
        ConsoleServices store = desk.store();
        StaffSession agent = desk.agent();
        UUID zhang = desk.zhang();
        UUID binding = desk.binding();
        var oldPhone = store.simulator().customerPhone(zhang);

        window = ConsoleWindow.on(store).signIn("agent", TestStores.passwordOf("agent"));
        window.click("#nav-SUPPORT");
        // "my phone was stolen, I have a new one": from here the keyboard only
        window.waitForFocus("supportSerial");
        window.robot().write(BAND.value());
        window.robot().type(KeyCode.ENTER);
        window.waitFor(() -> window.text("#bandFacts").contains("Active"), "looked up");
        readCardByKeyboard();
        window.tabTo("supportNote");
        window.robot().write("old phone stolen at the market");
        window.tabTo("phoneReason");
        window.robot().type(KeyCode.UP); // from the customer's request to the old phone stolen
        window.waitFor(() -> ReasonCode.STOLEN.equals(comboValue("#phoneReason")), "the phone's reason");
        window.tabTo("simulateNewPhone");
        window.robot().type(KeyCode.SPACE);
        window.waitFor(() -> window.text("#newPhoneCode").startsWith("PBPHONE1:"), "the new phone's code");
        window.shiftTabTo("newPhoneCode");
        window.robot().type(KeyCode.ENTER);
        window.waitFor(() -> window.text("#supportResult").contains("now obeys the owner's new phone"), "linked");
        assertThat(store.simulator().band(BAND).linkedPhone()).contains(store.simulator().customerPhone(zhang).key());
        assertThat(store.simulator().customerPhone(zhang).key()).isNotEqualTo(oldPhone.key());
        assertThat(store.lifecycle().historyWithStaff(agent, binding)).last().satisfies(step -> {
            assertThat(step.step().serviceStep()).contains(
                    com.payband.console.binding.BindingTransition.ServiceStep.PHONE_LINKED);
            assertThat(step.step().reason()).isEqualTo(ReasonCode.STOLEN);
            assertThat(step.note()).contains("old phone stolen at the market");
        });

        // later reported stolen; "here is the band you recovered": the owner came with it
        store.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        store.sync().push();
        window.shiftTabTo("supportSerial");
        window.robot().type(KeyCode.ENTER);
        window.waitFor(() -> window.text("#bandFacts").contains("Keep the band"), "stolen, keep it");
        readCardByKeyboard();
        window.tabTo("supportNote");
        window.robot().write("recovered by the police");
        window.tabTo("resetReason");
        assertThat(comboValue("#resetReason")).as("a recovered band, preselected").isEqualTo(ReasonCode.FOUND);
        window.tabTo("supportReset");
        window.robot().type(KeyCode.SPACE);
        window.waitFor(() -> window.text("#supportResult").contains("reset to factory state, its owner re-verified"),
                "reset");
        assertThat(store.simulator().band(BAND).state()).isEqualTo(BandState.FACTORY);
        assertThat(store.lifecycle().historyWithStaff(agent, binding)).last().satisfies(step -> {
            assertThat(step.step().serviceStep()).contains(
                    com.payband.console.binding.BindingTransition.ServiceStep.BAND_RESET);
            assertThat(step.step().reason()).isEqualTo(ReasonCode.FOUND);
            assertThat(step.note()).contains("recovered by the police");
        });
    }

    /** The simulator's tray and the read, by Tab and Space (the sample card preselected is the owner's). */
    private void readCardByKeyboard() {
        window.tabTo("supportPlaceCard");
        window.robot().type(KeyCode.SPACE);
        window.tabTo("readOwnerCard");
        window.robot().type(KeyCode.SPACE);
        window.waitFor(() -> window.text("#ownerCardNote").startsWith("Read:"), "the owner's card read");
    }

    private Object comboValue(String query) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> window.robot().lookup(query).queryAs(ComboBox.class).getValue()).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theOwnerOfABandEnrolledAtAnotherStoreReportsItStolenHereWithTheirCard() throws Exception {
        Desk storeA = desk(true);
        storeA.store().sync().push();
        ConsoleServices storeB = TestStores.create(dir.resolve("store-b"));
        storeB.backend().register(TestStores.admin(storeB), backend.url(), backend.backend().code(), "Shop B");
        TestStores.staff(storeB, "agent", Role.SUPPORT_AGENT);

        window = ConsoleWindow.on(storeB).signIn("agent", TestStores.passwordOf("agent"));
        window.click("#nav-SUPPORT");
        window.type("#supportSerial", BAND.value()).click("#supportLookUp");
        window.waitFor(() -> window.text("#bandFacts").contains("its owner can report it here"), "reportable");
        assertThat(window.text("#bandFacts")).contains("never enrolled by this console").contains("\"Shop\"");
        assertThat(window.node("#reportForOwner").isDisabled()).as("not without the owner's card").isTrue();

        // a card that is not the owner's: the issuer refuses, the band goes on paying
        readCard("ayigul");
        window.click("#reportForOwner");
        window.waitFor(() -> window.text("#supportProblem").contains("not that of the owner"), "not the owner");
        assertThat(backendState(storeA.binding())).isEqualTo("ACTIVE");

        readCard("zhang-wei");
        window.click("#reportForOwner");
        window.waitFor(() -> window.text("#supportResult").contains("is reported stolen"), "reported");
        assertThat(backendState(storeA.binding())).isEqualTo("DEACTIVATED");
        assertThat(storeA.store().issuer().verifyPayment(storeA.store().simulator().customerShowsPaymentCode(
                storeA.zhang(), BAND))).isEqualTo(PaymentVerdict.BINDING_NOT_ACTIVE);
        // this store synced after the report: it keeps the band as any stolen one
        window.waitFor(() -> window.text("#bandFacts").contains("Keep the band"), "keep it");
        assertThat(window.text("#ownerCardNote")).as("the card is forgotten once used").isEmpty();
    }

    /** A store (registered with a backend of its own, or not) with a clerk and an agent, Zhang Wei's band enrolled. */
    private record Desk(ConsoleServices store, StaffSession clerk, StaffSession agent, UUID zhang, UUID binding) {
    }

    private Desk desk(boolean registered) throws Exception {
        ConsoleServices store = TestStores.create(dir.resolve("store"));
        if (registered) {
            backend = CabledBackend.start(dir.resolve("backend"));
            store.backend().register(TestStores.admin(store), backend.url(), backend.backend().code(), "Shop");
        }
        StaffSession clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        StaffSession agent = TestStores.staff(store, "agent", Role.SUPPORT_AGENT);
        UUID zhang = TestStores.customer(store, clerk, "zhang-wei");
        UUID binding = store.enrollment().enroll(clerk, zhang, BAND, TestStores.phoneOf(store, clerk, zhang), s -> { })
                .bindingId();
        return new Desk(store, clerk, agent, zhang, binding);
    }

    private String backendState(UUID binding) {
        try {
            return backend.backend().issuer().binding(binding.toString()).orElseThrow().state();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void readCard(String sample) {
        window.waitForVisible("#supportSampleCard");
        ComboBox<?> samples = window.robot().lookup("#supportSampleCard").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> samples.getSelectionModel()
                .select(samples.getItems().indexOf(sample))));
        window.click("#supportPlaceCard").click("#readOwnerCard");
        window.waitFor(() -> window.text("#ownerCardNote").startsWith("Read:"), "card read");
    }

    /** The approver's name and password typed, as a member types them again when a keystroke went astray. */
    private void typeApproval(String name, String password) throws InterruptedException {
        for (int attempt = 0; attempt < 3 && !typed(name, password); attempt++) {
            window.type("#approverName", name).type("#approverPassword", password);
            long until = System.nanoTime() + 3_000_000_000L;
            while (!typed(name, password) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        }
        window.waitFor(() -> typed(name, password), "the name and the password typed");
    }

    private boolean typed(String name, String password) {
        return name.equals(window.text("#approverName")) && password.equals(window.text("#approverPassword"))
                && "approverPassword".equals(window.focused());
    }
}

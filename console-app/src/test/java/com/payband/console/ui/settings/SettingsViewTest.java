package com.payband.console.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.settings.Setting;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The settings screen on its own in a window (headless): read-only for a clerk, editable for the admin. */
class SettingsViewTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private ConsoleServices services;
    private ConsoleContext context;
    private SettingsView view;

    private void show(Function<ConsoleServices, StaffSession> who) throws Exception {
        services = TestStores.create(dir);
        context = UiTestContexts.open(dir, services, who.apply(services));
        view = UiTestContexts.show(() -> new SettingsView(context));
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) {
            WaitForAsyncUtils.asyncFx(view::deactivate).get();
        }
        FxToolkit.cleanupStages();
        if (context != null) {
            context.close();
        } else if (services != null) {
            services.close();
        }
    }

    @Test
    void aClerkSeesTheStoreSettingsReadOnly() throws Exception {
        show(s -> sneaky(() -> TestStores.staff(s, "clerk", Role.RETAIL_STAFF)));

        TextField idle = robot.lookup("#idleLockMinutes").queryAs(TextField.class);
        assertThat(idle.getText()).isEqualTo("5");
        assertThat(idle.isEditable()).isFalse();
        assertThat(robot.lookup("#saveSettings").tryQuery()).isEmpty();
        assertThat(text("#settingsReadOnly")).isEqualTo("Only an administrator can change these settings.");
        assertThat(robot.lookup("#language").tryQuery()).isPresent();
        assertThat(text("#readerState")).endsWith(": ready");
        assertThat(text("#devicesNote")).contains("GA/T 467");
    }

    @Test
    void theAdministratorTypesANewIdleLockAndEnterSavesIt() throws Exception {
        show(s -> sneaky(() -> TestStores.admin(s)));

        TextField idle = robot.lookup("#idleLockMinutes").queryAs(TextField.class);
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS, () -> !view.model().busy().get());
        // below the devices on a small screen: scrolled to, as a member scrolls to it
        WaitForAsyncUtils.asyncFx(() -> com.payband.console.ui.Scrolling.reveal(idle)).get();
        WaitForAsyncUtils.waitForFxEvents();
        robot.doubleClickOn(idle);
        WaitForAsyncUtils.asyncFx(idle::clear).get();
        robot.write("15").type(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS, () -> !text("#settingsNotice").isEmpty());
        assertThat(text("#settingsNotice")).startsWith("Settings saved.");
        assertThat(services.settings().getInt(Setting.IDLE_LOCK_MINUTES)).isEqualTo(15);

        WaitForAsyncUtils.asyncFx(idle::clear).get();
        robot.clickOn(idle).write("forever").type(KeyCode.ENTER);
        assertThat(text("#settingsProblem")).contains("from 1 to 240");
        assertThat(services.settings().getInt(Setting.IDLE_LOCK_MINUTES)).isEqualTo(15);
    }

    @TempDir
    Path backendDir;

    @Test
    void theAdministratorRegistersTheConsoleWithTheBackendsOneTimeCode() throws Exception {
        show(s -> sneaky(() -> TestStores.admin(s)));
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> text("#backendStatus").startsWith("Not registered with a backend"));
        try (com.payband.console.sync.TestBackend backend = com.payband.console.sync.TestBackend.start(backendDir)) {
            TextField url = robot.lookup("#backendUrl").queryAs(TextField.class);
            WaitForAsyncUtils.asyncFx(() -> com.payband.console.ui.Scrolling.reveal(
                    robot.lookup("#registerBackend").query())).get();
            robot.clickOn(url);
            WaitForAsyncUtils.asyncFx(url::clear).get();
            robot.write(backend.url());
            // a code typed wrong: told so in words, nothing registered
            robot.clickOn("#registrationCode").write("ABCD-1234").type(KeyCode.ENTER);
            WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                    () -> text("#backendProblem").startsWith("That is not a registration code"));
            assertThat(services.backend().link()).isEmpty();

            TextField code = robot.lookup("#registrationCode").queryAs(TextField.class);
            WaitForAsyncUtils.asyncFx(code::clear).get();
            robot.clickOn(code).write(backend.code()).type(KeyCode.ENTER);
            WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> text("#backendStatus").startsWith("Registered with https://127.0.0.1:"));
            assertThat(text("#backendNotice")).startsWith("Registered.");
            assertThat(text("#backendProblem")).isEmpty();
            assertThat(code.getText()).as("the used code is not left on screen").isEmpty();
            assertThat(services.backend().link().orElseThrow().registeredBy()).isEqualTo(TestStores.ADMIN);
            assertThat(services.backend().status(TestStores.admin(services)).backendView()).isPresent();

            // registered: the button says that another registration replaces this one, and asks first
            String first = services.backend().link().orElseThrow().url();
            assertThat(robot.lookup("#registerBackend").queryAs(javafx.scene.control.Button.class).getText())
                    .isEqualTo("Re_gister with another backend…");
            try (com.payband.console.sync.TestBackend other = com.payband.console.sync.TestBackend.start(
                    backendDir.resolve("other"))) {
                WaitForAsyncUtils.asyncFx(url::clear).get();
                robot.clickOn(url).write(other.url());
                robot.clickOn(code).write(other.code());
                robot.clickOn("#registerBackend");
                WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                        () -> robot.lookup("#confirmReplaceBackend").tryQuery().isPresent());
                assertThat(robot.lookup(".dialog-pane .content").queryLabeled().getText())
                        .contains(first).contains(other.uri().getAuthority()).contains("stay with");
                robot.type(KeyCode.ENTER); // the default answer is Cancel
                WaitForAsyncUtils.waitForFxEvents();
                assertThat(services.backend().link().orElseThrow().url()).isEqualTo(first);

                robot.clickOn("#registerBackend");
                WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                        () -> robot.lookup("#confirmReplaceBackend").tryQuery().isPresent());
                robot.clickOn("#confirmReplaceBackend");
                WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                        () -> text("#backendStatus").startsWith("Registered with https://" + other.uri().getAuthority()));
                assertThat(services.backend().link().orElseThrow().url()).contains(other.uri().getAuthority());
            }
        }
    }

    /**
     * The store's backend is gone for good while a loss reported here waits for it: replacing the registration, the
     * administrator is told that those changes never reached it and asked whether it is gone for good; Cancel (the
     * default) changes nothing, confirming registers with the new backend and keeps the loss here only.
     */
    @Test
    void aBackendGoneForGoodIsReplacedOnlyWhenTheAdministratorSaysSo() throws Exception {
        try (com.payband.console.sync.TestBackend old = com.payband.console.sync.TestBackend.start(backendDir.resolve("old"));
                com.payband.console.sync.TestBackend other = com.payband.console.sync.TestBackend.start(
                        backendDir.resolve("other"))) {
            com.payband.console.sync.TcpRelay gone = new com.payband.console.sync.TcpRelay(old.uri());
            show(s -> sneaky(() -> {
                StaffSession admin = TestStores.admin(s);
                s.backend().register(admin, gone.url(), old.code(), "Shop");
                var clerk = TestStores.staff(s, "clerk", Role.RETAIL_STAFF);
                var agent = TestStores.staff(s, "agent", Role.SUPPORT_AGENT);
                var zhang = TestStores.customer(s, clerk, "zhang-wei");
                var enrolled = s.enrollment().enroll(clerk, zhang, new com.payband.band.BandSerial("PB100002"),
                        TestStores.phoneOf(s, clerk, zhang), step -> { });
                s.sync().push();
                gone.close();
                s.lifecycle().transition(agent, enrolled.bindingId(), com.payband.console.binding.ReasonCode.LOST,
                        java.util.Optional.empty());
                return admin;
            }));
            WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                    () -> text("#backendStatus").startsWith("Registered with " + gone.url()));
            TextField url = robot.lookup("#backendUrl").queryAs(TextField.class);
            TextField code = robot.lookup("#registrationCode").queryAs(TextField.class);
            WaitForAsyncUtils.asyncFx(() -> com.payband.console.ui.Scrolling.reveal(
                    robot.lookup("#registerBackend").query())).get();
            WaitForAsyncUtils.asyncFx(url::clear).get();
            robot.clickOn(url).write(other.url());
            robot.clickOn(code).write(other.code());

            for (boolean confirm : new boolean[] {false, true}) {
                robot.clickOn("#registerBackend");
                WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                        () -> robot.lookup("#confirmReplaceBackend").tryQuery().isPresent());
                robot.clickOn("#confirmReplaceBackend");
                WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                        () -> robot.lookup("#confirmKeepUnsent").tryQuery().isPresent());
                assertThat(robot.lookup(".dialog-pane .content").queryLabeled().getText())
                        .startsWith("One change made here").contains("never reached " + gone.url())
                        .contains("gone for good");
                if (!confirm) {
                    robot.type(KeyCode.ENTER); // the default answer is Cancel
                    WaitForAsyncUtils.waitForFxEvents();
                    assertThat(services.backend().link().orElseThrow().url()).startsWith(gone.url());
                    assertThat(text("#backendProblem")).contains("gone for good");
                    assertThat(code.getText()).as("the code was not used: kept for the next attempt").isNotEmpty();
                } else {
                    robot.clickOn("#confirmKeepUnsent");
                }
            }
            WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> text("#backendStatus").startsWith("Registered with https://" + other.uri().getAuthority()));
            services.sync().push();
            assertThat(services.sync().status(TestStores.admin(services)).keptElsewhere()).isEqualTo(1);
            assertThat(services.outbox().pendingCount()).isZero();
        }
    }

    @Test
    void aClerkSeesWhereTheConsoleSyncsButCannotRegisterIt() throws Exception {
        show(s -> sneaky(() -> TestStores.staff(s, "clerk", Role.RETAIL_STAFF)));
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> text("#backendStatus").startsWith("Not registered with a backend"));
        assertThat(robot.lookup("#registerBackend").tryQuery()).isEmpty();
        assertThat(robot.lookup("#registrationCode").tryQuery()).isEmpty();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Labeled.class).getText();
    }

    private interface Sign {
        StaffSession in() throws Exception;
    }

    private static StaffSession sneaky(Sign sign) {
        try {
            return sign.in();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

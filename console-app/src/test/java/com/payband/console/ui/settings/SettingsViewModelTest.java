package com.payband.console.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.settings.Setting;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings screen, against a real store and the simulated reader, without a screen. */
class SettingsViewModelTest {

    @TempDir
    Path dir;

    private ConsoleServices services;
    private ConsoleContext context;
    private SettingsViewModel model;

    @BeforeEach
    void create() throws Exception {
        services = TestStores.create(dir);
    }

    private void open(StaffSession staff) {
        context = UiTestContexts.open(dir, services, staff);
        model = new SettingsViewModel(context);
        model.activate();
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.deactivate();
        }
        if (context != null) {
            context.close();
        } else {
            services.close();
        }
    }

    @Test
    void aRetailClerkSeesTheStoreSettingsButCannotSaveThem() throws Exception {
        open(TestStores.staff(services, "clerk", Role.RETAIL_STAFF));
        assertThat(model.mayChange()).isFalse();
        assertThat(model.idleLockMinutes().get()).isEqualTo(Setting.IDLE_LOCK_MINUTES.defaultValue());
        assertThat(model.minimumAge().get()).isEqualTo(Setting.MINIMUM_AGE.defaultValue());

        model.idleLockMinutes().set("30");
        model.save();

        assertThat(model.problem().get()).isEqualTo("Your role does not allow you to change settings.");
        assertThat(model.notice().get()).isEmpty();
        assertThat(services.settings().getInt(Setting.IDLE_LOCK_MINUTES)).isEqualTo(5);
    }

    @Test
    void theAdministratorSavesTheIdleLockAndItIsReadBack() throws Exception {
        open(TestStores.admin(services));
        assertThat(model.mayChange()).isTrue();

        model.idleLockMinutes().set(" 12 ");
        model.save();

        assertThat(model.problem().get()).isEmpty();
        assertThat(model.notice().get()).startsWith("Settings saved.");
        assertThat(model.idleLockMinutes().get()).isEqualTo("12");
        assertThat(services.settings().getInt(Setting.IDLE_LOCK_MINUTES)).isEqualTo(12);
        assertThat(context.idleLockMinutes().get()).as("the window applies it at once").isEqualTo(12);
        // only what changed is saved (and audited)
        assertThat(services.auditReview().list(TestStores.admin(services), new AuditQuery(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(AuditAction.SETTINGS_CHANGED), 100)))
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("5 -> 12"));

        SettingsViewModel again = new SettingsViewModel(context);
        again.load();
        assertThat(again.idleLockMinutes().get()).isEqualTo("12");
        assertThat(again.minimumAge().get()).isEqualTo("18");

        model.save();
        assertThat(model.notice().get()).isEqualTo("Nothing to save: the values are unchanged.");
    }

    @Test
    void theAdministratorDecidesWhetherPassportsNobodyCanCheckAreAccepted() throws Exception {
        open(TestStores.admin(services));
        assertThat(model.acceptsUncheckedPassports()).as("refused by default").isFalse();
        assertThat(services.customers().documentCheck().toString()).contains("unchecked chips REFUSE");

        model.acceptUncheckedPassports(true);
        model.save();

        assertThat(model.problem().get()).isEmpty();
        assertThat(services.settings().get(Setting.UNCHECKED_PASSPORTS)).isEqualTo("ACCEPT");
        assertThat(services.customers().documentCheck().toString()).contains("unchecked chips ACCEPT");
        SettingsViewModel again = new SettingsViewModel(context);
        again.load();
        assertThat(again.acceptsUncheckedPassports()).isTrue();
    }

    @Test
    void invalidValuesAreRefusedWithAMessageAndNothingIsSaved() throws Exception {
        open(TestStores.admin(services));

        model.idleLockMinutes().set("0");
        model.minimumAge().set("eighteen");
        model.save();

        assertThat(model.problem().get())
                .contains("The idle lock must be a whole number of minutes from 1 to 240 (not \"0\").")
                .contains("The minimum age must be a whole number of years from 0 to 120 (not \"eighteen\").");
        assertThat(model.notice().get()).isEmpty();
        assertThat(services.settings().getInt(Setting.IDLE_LOCK_MINUTES)).isEqualTo(5);
        assertThat(services.settings().getInt(Setting.MINIMUM_AGE)).isEqualTo(18);

        model.idleLockMinutes().set("241");
        model.minimumAge().set("21");
        model.save();
        assertThat(model.problem().get()).contains("from 1 to 240").doesNotContain("minimum age");
        assertThat(services.settings().getInt(Setting.MINIMUM_AGE)).isEqualTo(18);
    }

    @Test
    void theReaderIsFollowedOnlyWhileTheScreenIsShown() throws Exception {
        open(TestStores.staff(services, "clerk", Role.RETAIL_STAFF));
        assertThat(model.followsReader()).isTrue();
        assertThat(model.readerState().get()).isEqualTo(ReaderState.READY);
        assertThat(model.readerStateText().get()).endsWith(": ready");

        context.simulatedReader().orElseThrow().insertCard(SampleDocuments.names().get(0));
        waitFor(() -> model.readerState().get() == ReaderState.CARD_PRESENT);
        assertThat(model.readerStateText().get()).endsWith(": card present");

        model.deactivate();
        assertThat(model.followsReader()).isFalse();
        CountDownLatch removed = new CountDownLatch(1);
        IdCardReader.Subscription watch = context.reader().subscribe(e -> {
            if (e instanceof ReaderEvent.CardRemoved) {
                removed.countDown();
            }
        });
        try {
            context.simulatedReader().orElseThrow().removeCard();
            assertThat(removed.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            watch.close();
        }
        // the event went by, and the hidden screen did not follow it
        assertThat(model.readerState().get()).isEqualTo(ReaderState.CARD_PRESENT);

        model.activate();
        assertThat(model.readerState().get()).isEqualTo(ReaderState.READY);
    }

    @Test
    void languageAndThemeAreTheWindows() throws Exception {
        open(TestStores.staff(services, "clerk", Role.RETAIL_STAFF));
        model.theme().set(ConsoleContext.Theme.DARK);
        assertThat(context.themeProperty().get()).isEqualTo(ConsoleContext.Theme.DARK);
        assertThat(model.themeText(ConsoleContext.Theme.DARK)).isEqualTo("Dark");
        assertThat(context.text("settings.devices.note")).contains("GA/T 467").contains("PC/SC").contains("TinyB");
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 5 s");
            }
            Thread.sleep(10);
        }
    }
}

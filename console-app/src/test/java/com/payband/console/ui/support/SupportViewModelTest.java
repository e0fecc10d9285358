package com.payband.console.ui.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.Revocation;
import com.payband.console.staff.Role;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The support desk's list of stolen bands, as the agent takes it in the window: checked first (nothing taken), then
 * taken on their word; a file with a bad line takes nothing and names the line.
 */
class SupportViewModelTest {

    @TempDir
    Path dir;

    private ConsoleServices services;
    private ConsoleContext context;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir.resolve("store"));
        context = UiTestContexts.open(dir, services, TestStores.staff(services, "agent", Role.SUPPORT_AGENT));
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aListOfStolenBandsIsCheckedThenTakenAndABadLineTakesNothing() throws Exception {
        SupportViewModel desk = new SupportViewModel(context);
        assertThat(desk.mayImport()).isTrue();
        Path bad = Files.writeString(dir.resolve("bad.csv"), "PB200001,STOLEN,\nPB-1,STOLEN,\n");
        desk.importList(bad, false);
        assertThat(desk.problem().get()).isEqualTo(
                "Line 2: not a band serial (PB and six letters or digits). Nothing was imported.");
        assertThat(desk.importChecked().get()).isNull();

        Path list = Files.writeString(dir.resolve("police.csv"), "serial,reason,reference\nPB200001,STOLEN,Police 1142\n"
                + "PB200002,FRAUD,Case 7\n");
        desk.importList(list, false);
        assertThat(desk.result().get()).startsWith("Checked police.csv, nothing taken yet: 2 lines, 2 bands would be added");
        assertThat(desk.importChecked().get()).isEqualTo(list);
        assertThat(services.lifecycle().revocation(Revocation.importedKey("PB200001"))).isEmpty();

        desk.importList(desk.importChecked().get(), true);
        assertThat(desk.result().get()).startsWith("Taken police.csv: 2 lines, 2 bands added")
                .contains("not registered with a backend");
        assertThat(desk.importChecked().get()).isNull();
        assertThat(services.lifecycle().revocation(Revocation.importedKey("PB200002"))).isPresent();
    }

    /** Unregistered, nothing can sign a reset: the desk offers none and says why (the service refuses it too). */
    @Test
    void onAnUnregisteredConsoleTheDeskOffersNoResetAndSaysWhy() {
        SupportViewModel desk = new SupportViewModel(context);
        desk.serial().set("PB100001");
        desk.lookUp();
        assertThat(desk.record().get()).isNotNull();
        assertThat(desk.record().get().liveHere()).isFalse();
        assertThat(desk.resetAllowed().get()).isFalse();
        assertThat(desk.facts().get()).contains("not registered with a backend").contains("Lost and stolen reports can");
    }
}

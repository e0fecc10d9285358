package com.payband.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.ReasonCode;
import com.payband.console.staff.Role;
import com.payband.console.sync.TestBackend;
import com.payband.console.ui.ConsoleWindow;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status bar follows the sync as a clerk sees it: synced with nothing waiting; the backend gone, a change
 * waiting and when the next try is; back, and the queue empties by itself.
 */
class SyncStatusWindowTest {

    private static final ReaderInfo READER = new ReaderInfo("sim:test", "test simulator", ReaderKind.SIMULATOR, true);

    @TempDir
    Path dir;

    private ConsoleWindow window;
    private TestBackend backend;

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
    void theStatusBarShowsTheQueueAndTheBackendsState() throws Exception {
        ConsoleServices services = TestStores.create(dir.resolve("store"));
        var clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        backend = TestBackend.start(dir.resolve("backend"));
        services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Shop");
        UUID customer = services.customers().register(clerk,
                SampleDocuments.byName("zhang-wei").orElseThrow().document(Clock.systemUTC()), READER).customerId();
        bind(services, clerk, customer, "PB-WIN-1");

        window = ConsoleWindow.on(services).signIn("clerk", TestStores.passwordOf("clerk"));
        window.waitFor(() -> window.text("#statusSync").contains("Synced at"), "synced");
        assertThat(window.text("#statusSync")).contains("0 waiting");
        assertThat(backend.events().count()).isEqualTo(2);

        backend.close();
        backend = null;
        bind(services, clerk, customer, "PB-WIN-2");
        window.waitFor(() -> window.text("#statusSync").contains("Not answering"), "the backend is down");
        assertThat(window.text("#statusSync")).contains("2 waiting").contains("next try in").contains("last synced")
                .doesNotContain("last synced never");

        // "Sync now" tries again at once (and fails again: still down)
        window.click("#syncNow");
        window.waitFor(() -> window.text("#statusSync").contains("2 waiting"), "still waiting");

        // a band reported stolen while the backend is down: in force here, and the bar says it is not elsewhere yet
        var agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
        UUID first = services.lifecycle().latestBindingOfBand("PB-WIN-1").orElseThrow().id();
        services.lifecycle().transition(agent, first, ReasonCode.STOLEN, Optional.empty());
        window.waitFor(() -> window.text("#statusSync").contains("1 lost/stolen changes not yet in other stores"),
                "the report not yet effective elsewhere");
        assertThat(window.text("#statusSync")).contains("3 waiting");
    }

    private static void bind(ConsoleServices services, com.payband.console.staff.StaffSession clerk, UUID customer,
            String serial) throws Exception {
        UUID binding = services.lifecycle().begin(clerk, serial, new byte[65], "C0:00:00:00:00:01", customer, true,
                TestStores.anyPhone());
        services.lifecycle().transition(clerk, binding, ReasonCode.BIND_CONFIRMED, Optional.empty());
    }
}

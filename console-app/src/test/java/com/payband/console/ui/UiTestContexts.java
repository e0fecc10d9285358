package com.payband.console.ui;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.StaffSession;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/** Contexts for view-model tests: a real store, everything inline (no FX thread, no screen). */
public final class UiTestContexts {

    private UiTestContexts() {
    }

    /**
     * Shows one page in the test stage (headless), as the shell would: the console's style sheet, the
     * page activated; returns it once the FX thread has settled.
     */
    public static <V extends PageView> V show(java.util.function.Supplier<V> page) throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        java.util.concurrent.atomic.AtomicReference<V> shown = new java.util.concurrent.atomic.AtomicReference<>();
        org.testfx.api.FxToolkit.setupStage(stage -> {
            V view = page.get();
            javafx.scene.Scene scene = new javafx.scene.Scene(new javafx.scene.layout.StackPane(view.node()), 1180, 760);
            scene.getStylesheets().add(java.util.Objects.requireNonNull(PageView.class.getResource("/ui/console.css"))
                    .toExternalForm());
            stage.setScene(scene);
            stage.show();
            view.activate();
            shown.set(view);
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        return shown.get();
    }

    /** A context on an open store with this member signed in, in English. */
    public static ConsoleContext open(Path dir, ConsoleServices services, StaffSession staff) {
        return open(dir, services, staff, Locale.ENGLISH);
    }

    public static ConsoleContext open(Path dir, ConsoleServices services, StaffSession staff, Locale locale) {
        ConsoleContext context = new ConsoleContext(services.folder(), TestStores.options(Clock.systemUTC()),
                UiThreads.inline(), locale);
        context.adopt(services);
        if (staff != null) {
            context.signedIn(staff);
        }
        return context;
    }
}

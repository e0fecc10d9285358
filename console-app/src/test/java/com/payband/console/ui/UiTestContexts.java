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

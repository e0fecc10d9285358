package com.payband.console.cli;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What the test-only mains that die in the middle of an operation share: the store opened as a console opens it, a
 * member signed in, each step printed as it begins, and death (Runtime.halt, as kill -9: no shutdown hooks, no finally
 * blocks) at the chosen one.
 */
final class DyingConsole {

    private DyingConsole() {
    }

    record Opened(ConsoleServices services, StaffSession staff) {
    }

    static Opened open(String dataFolder, String staffName) throws Exception {
        String passphrase = System.getenv("PAYBAND_PASSPHRASE");
        ConsoleServices services = ConsoleServices.open(new DataFolder(Path.of(dataFolder)),
                kind -> passphrase.toCharArray(), TestStores.options(Clock.systemUTC()));
        return new Opened(services, services.staff().signIn(staffName, TestStores.passwordOf(staffName).toCharArray()));
    }

    /** Says the step; dies at {@code dieAt}. */
    static void step(Object step, Object dieAt) {
        System.out.println("STEP " + step);
        System.out.flush();
        if (step == dieAt) {
            Runtime.getRuntime().halt(137);
        }
    }

    /** The operation ended without dying: said, and the process ends at once (its store left as it is). */
    static void finished() {
        System.out.println("FINISHED");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}

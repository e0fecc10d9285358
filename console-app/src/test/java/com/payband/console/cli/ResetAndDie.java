package com.payband.console.cli;

import com.payband.band.BandSerial;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import com.payband.console.support.ResetStep;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Test-only main: a console that resets a recovered band and is killed outright (Runtime.halt, as kill -9) the moment
 * the reset reaches the given step. Arguments: data folder, staff name, band serial, step.
 */
public final class ResetAndDie {

    private ResetAndDie() {
    }

    public static void main(String[] args) throws Exception {
        String passphrase = System.getenv("PAYBAND_PASSPHRASE");
        ResetStep dieAt = ResetStep.valueOf(args[3]);
        ConsoleServices services = ConsoleServices.open(new DataFolder(Path.of(args[0])), kind -> passphrase.toCharArray(),
                TestStores.options(Clock.systemUTC()));
        StaffSession staff = services.staff().signIn(args[1], TestStores.passwordOf(args[1]).toCharArray());
        services.support().resetRecoveredBand(staff, new BandSerial(args[2]), Optional.empty(), Optional.empty(), step -> {
            System.out.println("STEP " + step);
            System.out.flush();
            if (step == dieAt) {
                Runtime.getRuntime().halt(137);
            }
        });
        System.out.println("FINISHED");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}

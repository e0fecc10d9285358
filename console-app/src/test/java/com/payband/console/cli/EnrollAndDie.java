package com.payband.console.cli;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.enrollment.EnrollmentStep;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import com.payband.band.BandSerial;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/**
 * Test-only main: a console that enrolls a band and is killed outright (Runtime.halt, as kill -9: no
 * shutdown hooks, no finally blocks) the moment the enrollment reaches the given step.
 * Arguments: data folder, staff name, customer id, band serial, step.
 */
public final class EnrollAndDie {

    private EnrollAndDie() {
    }

    public static void main(String[] args) throws Exception {
        String passphrase = System.getenv("PAYBAND_PASSPHRASE");
        EnrollmentStep dieAt = EnrollmentStep.valueOf(args[4]);
        ConsoleServices services = ConsoleServices.open(new DataFolder(Path.of(args[0])), kind -> passphrase.toCharArray(),
                TestStores.options(Clock.systemUTC()));
        StaffSession staff = services.staff().signIn(args[1], TestStores.passwordOf(args[1]).toCharArray());
        UUID customer = UUID.fromString(args[2]);
        services.enrollment().enroll(staff, customer, new BandSerial(args[3]), TestStores.phoneOf(services, staff, customer),
                step -> {
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

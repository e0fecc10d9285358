package com.payband.console.cli;

import com.payband.band.BandSerial;
import com.payband.console.TestStores;
import com.payband.console.enrollment.EnrollmentStep;
import java.util.UUID;

/**
 * Test-only main: a console that enrolls a band and is killed outright (as kill -9) the moment the enrollment reaches
 * the given step. Arguments: data folder, staff name, customer id, band serial, step.
 */
public final class EnrollAndDie {

    private EnrollAndDie() {
    }

    public static void main(String[] args) throws Exception {
        EnrollmentStep dieAt = EnrollmentStep.valueOf(args[4]);
        DyingConsole.Opened console = DyingConsole.open(args[0], args[1]);
        UUID customer = UUID.fromString(args[2]);
        console.services().enrollment().enroll(console.staff(), customer, new BandSerial(args[3]),
                TestStores.phoneOf(console.services(), console.staff(), customer), step -> DyingConsole.step(step, dieAt));
        DyingConsole.finished();
    }
}

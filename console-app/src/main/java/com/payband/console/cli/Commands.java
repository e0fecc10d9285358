package com.payband.console.cli;

import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.StaffSession;

/** The open-store-and-sign-in step every staff command begins with. */
final class Commands {

    private Commands() {
    }

    @FunctionalInterface
    interface SignedIn {
        int run(ConsoleServices services, StaffSession staff) throws Exception;
    }

    /** A count or a duration of the command line: a whole number from 1 on (a zero or negative one is a typo). */
    static void requirePositive(String option, int value) {
        if (value < 1) {
            throw new CliFailure(ExitCode.USAGE, "error.usage.positive", option, Integer.toString(value));
        }
    }

    static int signedIn(CliContext context, SignedIn work) throws Exception {
        try (ConsoleServices services = context.openStore()) {
            StaffSession staff = context.signIn(services);
            return work.run(services, staff);
        }
    }

    /**
     * {@link #signedIn} on a store that may have been found tampered with: only for the commands that
     * show what is wrong and put a backup back.
     */
    static int signedInToRecover(CliContext context, SignedIn work) throws Exception {
        try (ConsoleServices services = context.openStoreToRecover()) {
            StaffSession staff = context.signIn(services);
            return work.run(services, staff);
        }
    }
}

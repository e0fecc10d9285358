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

    static int signedIn(CliContext context, SignedIn work) throws Exception {
        try (ConsoleServices services = context.openStore()) {
            StaffSession staff = context.signIn(services);
            return work.run(services, staff);
        }
    }
}

package com.payband.console.cli;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.store.DataFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Test-only main: a second console on a data folder. Opens the store (passphrase from PAYBAND_PASSPHRASE),
 * prints {@code READY <pid>}, holds it open until its stdin closes, then closes it and prints
 * {@code CLOSED}. Started by {@link CommandLineSecondProcessTest} through {@link PaybandProcess#start}.
 */
public final class HoldStore {

    private HoldStore() {
    }

    public static void main(String[] args) throws Exception {
        String passphrase = System.getenv("PAYBAND_PASSPHRASE");
        try (ConsoleServices services = ConsoleServices.open(new DataFolder(Path.of(args[0])),
                kind -> passphrase.toCharArray(), TestStores.options(Clock.systemUTC()))) {
            System.out.println("READY " + ProcessHandle.current().pid() + " " + services.storeId());
            System.out.flush();
            drain(System.in);
        }
        System.out.println("CLOSED");
        System.out.flush();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // wait for end of input: the test's signal to let go of the store
        }
    }
}

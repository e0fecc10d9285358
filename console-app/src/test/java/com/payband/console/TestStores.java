package com.payband.console;

import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.Argon2id;
import com.payband.console.crypto.CredentialStore;
import com.payband.console.crypto.KeyVault;
import com.payband.console.crypto.SecretPrompt;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/** Real stores in temporary folders, with the cheapest key derivation the code accepts. */
public final class TestStores {

    public static final String ADMIN = "admin";
    public static final String PASSWORD = "correct horse battery staple";
    public static final String PASSPHRASE = "store passphrase for tests";
    public static final SecretPrompt PROMPT = kind -> PASSPHRASE.toCharArray();

    private TestStores() {
    }

    public static ConsoleServices.Options options(Clock clock) {
        return new ConsoleServices.Options(clock, CredentialStore.NONE, Argon2id.MINIMUM, Argon2id.MINIMUM,
                com.payband.drivers.band.sim.LinkModel.instant(), null);
    }

    public static ConsoleServices create(Path dir) throws Exception {
        return create(dir, Clock.systemUTC());
    }

    public static ConsoleServices create(Path dir, Clock clock) throws Exception {
        return ConsoleServices.initialise(new DataFolder(dir), KeyVault.Protection.PASSPHRASE, PROMPT, ADMIN,
                PASSWORD.toCharArray(), options(clock));
    }

    /**
     * A new store registered with a reference backend of its own (in this JVM, its H2 file and CA in a temporary
     * folder apart from the store's, mutual TLS on loopback), closed with the store: its binds, resets and payment
     * checks go to the backend's issuer, as a real store's do.
     */
    public static ConsoleServices registered(Path dir) throws Exception {
        return registered(dir, Clock.systemUTC());
    }

    public static ConsoleServices registered(Path dir, Clock clock) throws Exception {
        Path backendDir = java.nio.file.Files.createTempDirectory("payband-test-backend-");
        com.payband.console.sync.TestBackend backend = com.payband.console.sync.TestBackend.start(backendDir);
        ConsoleServices services;
        try {
            services = create(dir, clock);
            services.backend().register(admin(services), backend.url(), backend.code(), "Test store");
        } catch (Exception | Error e) {
            backend.close();
            throw e;
        }
        services.closeAfter(() -> {
            backend.close();
            com.payband.console.files.Folders.deleteTree(backendDir);
        });
        return services;
    }

    public static ConsoleServices create(Path dir, ConsoleServices.Options options) throws Exception {
        return ConsoleServices.initialise(new DataFolder(dir), KeyVault.Protection.PASSPHRASE, PROMPT, ADMIN,
                PASSWORD.toCharArray(), options);
    }

    public static ConsoleServices open(Path dir, ConsoleServices.Options options) throws Exception {
        return ConsoleServices.open(new DataFolder(dir), PROMPT, options);
    }

    public static ConsoleServices open(Path dir) throws Exception {
        return ConsoleServices.open(new DataFolder(dir), PROMPT, options(Clock.systemUTC()));
    }

    /** Opens a store even when it is refused at start as tampered with, as {@code audit verify} does. */
    public static ConsoleServices openToRecover(Path dir) throws Exception {
        return ConsoleServices.openToRecover(new DataFolder(dir), PROMPT, options(Clock.systemUTC()));
    }

    /** Database secrets for tests that open a {@code Database} of their own, without a store around it. */
    public static com.payband.console.store.DatabaseKeys databaseKeys() {
        return new com.payband.console.store.DatabaseKeys("0123456789abcdef0123456789abcdef".toCharArray(),
                "test-user-password".toCharArray());
    }

    public static StaffSession admin(ConsoleServices services) throws Exception {
        return services.staff().signIn(ADMIN, PASSWORD.toCharArray());
    }

    /** Registers the person on this sample card as a customer (read by a simulated reader), as this member of staff. */
    public static java.util.UUID customer(ConsoleServices services, StaffSession staff, String sampleCard) throws Exception {
        return services.customers().register(staff, com.payband.drivers.idcard.sim.SampleDocuments.byName(sampleCard)
                .orElseThrow().document(services.options().clock()), new com.payband.drivers.idcard.ReaderInfo("sim:test", "test",
                com.payband.drivers.idcard.ReaderKind.SIMULATOR, true)).customerId();
    }

    /**
     * The phone step of an enrollment as the simulator plays it: the customer's simulated phone shows its
     * key code and the console accepts it.
     */
    public static com.payband.console.enrollment.CustomerPhone phoneOf(ConsoleServices services, StaffSession staff,
            java.util.UUID customerId) throws Exception {
        return services.enrollment().acceptPhone(staff, customerId,
                services.simulator().customerPhone(customerId).keyCode().text());
    }

    /** A phone nobody else has: for bindings begun without an enrollment (lifecycle and permission tests). */
    public static com.payband.band.protocol.PhoneFingerprint anyPhone() {
        return com.payband.band.protocol.PhoneKey.of(com.payband.band.protocol.P256.generate().getPublic())
                .fingerprint();
    }

    /** The password {@link #staff} gives an account, after its owner changed the administrator's one. */
    public static String passwordOf(String name) {
        return "own password " + Integer.toHexString(name.hashCode()) + " 42";
    }

    /** Creates an account with these roles (as the admin), lets its owner change the password, signs it in. */
    public static StaffSession staff(ConsoleServices services, String name, Role... roles) throws Exception {
        String initial = "initial password " + Integer.toHexString(~name.hashCode()) + " 7";
        services.staff().create(admin(services), name, Set.of(roles), initial.toCharArray());
        StaffSession first = services.staff().signIn(name, initial.toCharArray());
        services.staff().changeOwnPassword(first, initial.toCharArray(), passwordOf(name).toCharArray());
        return services.staff().signIn(name, passwordOf(name).toCharArray());
    }

    /** Store B's simulator gets its bands from store A's factory (the manufacturer B trusts is A's). */
    public static void sameFactory(Path storeA, Path storeB) throws java.io.IOException {
        Path from = storeA.resolve("simulator").resolve("manufacturer");
        Path to = storeB.resolve("simulator").resolve("manufacturer");
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A band of store A's simulator walks into store B's (a thief, a finder, its owner on a trip): B hears it next start. */
    public static void carryBand(Path storeA, Path storeB, com.payband.band.BandSerial serial) throws java.io.IOException {
        Path bands = storeB.resolve("simulator").resolve("bands");
        java.nio.file.Files.createDirectories(bands);
        java.nio.file.Files.copy(storeA.resolve("simulator").resolve("bands").resolve(serial.value() + ".properties"),
                bands.resolve(serial.value() + ".properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A sample card, read again at the support desk (the simulated reader's identity). */
    public static com.payband.console.support.SupportService.OwnerDocument ownerCard(String sample) throws Exception {
        try (var reader = new com.payband.drivers.idcard.sim.SimulatedIdCardReader(
                com.payband.drivers.idcard.sim.SimulatorSettings.instant(Clock.systemUTC()))) {
            return new com.payband.console.support.SupportService.OwnerDocument(
                    com.payband.drivers.idcard.sim.SampleDocuments.byName(sample).orElseThrow().document(Clock.systemUTC()),
                    reader.info());
        }
    }
}

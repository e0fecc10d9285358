package com.payband.console.app;

import com.payband.console.audit.Actor;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditChainHead;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.oversight.AuditReview;
import com.payband.console.binding.Band;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingTransition;
import com.payband.console.binding.Revocation;
import com.payband.console.consent.Consent;
import com.payband.console.consent.ConsentService;
import com.payband.console.crypto.Argon2id;
import com.payband.console.crypto.CredentialStore;
import com.payband.console.crypto.DataKey;
import com.payband.console.crypto.KeyVault;
import com.payband.console.crypto.KeyVaultException;
import com.payband.console.crypto.SecretPrompt;
import com.payband.console.customer.Customer;
import com.payband.console.customer.CustomerService;
import com.payband.console.customer.IdentityDocument;
import com.payband.console.lifecycle.LifecycleService;
import com.payband.console.bands.BandInspection;
import com.payband.console.bands.BandRadio;
import com.payband.console.enrollment.EnrollmentService;
import com.payband.console.issuer.Issuer;
import com.payband.console.issuer.IssuerException;
import com.payband.console.outbox.Outbox;
import com.payband.console.simulator.SimulatorWorld;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.console.reader.DocumentReading;
import com.payband.console.outbox.OutboxEvent;
import com.payband.console.settings.ConsoleSetting;
import com.payband.console.settings.Setting;
import com.payband.console.settings.SettingsService;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.PasswordHasher;
import com.payband.console.staff.PasswordPolicy;
import com.payband.console.staff.PasswordPolicyException;
import com.payband.console.staff.StaffAccount;
import com.payband.console.staff.StaffException;
import com.payband.console.staff.StaffService;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import com.payband.console.store.Database;
import com.payband.console.store.FolderLock;
import com.payband.console.store.StoreBackup;
import com.payband.console.store.StoreException;
import com.payband.console.store.StoreInfo;
import java.io.IOException;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/** An open store and the services on it. Close it to release the database, the key and the folder lock. */
public final class ConsoleServices implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleServices.class);

    /** Every entity of every feature: Hibernate maps exactly these, and validates them against the schema. */
    static final List<Class<?>> ENTITIES = List.of(StoreInfo.class, ConsoleSetting.class,
            StaffAccount.class, AuditEvent.class, AuditChainHead.class, Customer.class,
            IdentityDocument.class, Band.class, Binding.class, BindingTransition.class, Revocation.class, OutboxEvent.class,
            Consent.class, com.payband.console.sync.BackendLink.class, com.payband.console.sync.SyncState.class,
            com.payband.console.enrollment.QueuedEnrollment.class, com.payband.console.support.ResetUnderWay.class,
            com.payband.console.support.PhoneChangeUnderWay.class);

    /**
     * How the store is opened; tests lower the key-derivation cost, never below OWASP's minimum.
     *
     * @param link        the simulated radio's timing (realistic for people, instant for tests and benchmarks)
     * @param demoBackend the backend jar that simulator mode runs as its demo backend; null: none (no band is bound
     *                    until an administrator registers this console with a backend)
     */
    public record Options(Clock clock, CredentialStore credentialStore, Argon2id passwordCost, Argon2id passphraseCost,
            LinkModel link, Path demoBackend) {
        public Options {
            Objects.requireNonNull(clock);
            Objects.requireNonNull(credentialStore);
            Objects.requireNonNull(link);
            if (!passwordCost.meetsMinimum() || !passphraseCost.meetsMinimum()) {
                throw new IllegalArgumentException("Argon2id cost below the minimum");
            }
        }

        public static Options defaults(CredentialStore credentialStore) {
            return new Options(Clock.systemUTC(), credentialStore, Argon2id.PASSWORDS, Argon2id.PASSPHRASES,
                    LinkModel.realistic(), com.payband.console.sync.DemoBackend.locate().orElse(null));
        }

        public Options withDemoBackend(Path jar) {
            return new Options(clock, credentialStore, passwordCost, passphraseCost, link, jar);
        }
    }

    private final DataFolder folder;
    private final FolderLock lock;
    private final DataKey key;
    private final Database database;
    private final String storeId;
    private final Options options;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final StaffService staff;
    private final SettingsService settings;
    private final CustomerService customers;
    private final ConsentService consent;
    private final LifecycleService lifecycle;
    /** The backend's list of stolen bands as this console keeps it: one copy for the sync, lookups and imports. */
    private final com.payband.console.binding.BackendRevocationList revocationList;
    private final Outbox outbox;
    private final DocumentReading documentReading;
    private final SimulatorWorld simulator;
    private final EnrollmentService enrollment;
    private final com.payband.console.enrollment.EnrollmentQueue enrollmentQueue;
    private final BandInspection bandInspection;
    private final AuditReview auditReview;
    private final AuditTrail.Continuity continuity;
    private final com.payband.console.sync.BackendRegistration backend;
    private final com.payband.console.sync.SyncService sync;
    private final com.payband.console.sync.BackendIssuer issuer;
    private final com.payband.console.sync.DemoBackend demoBackend;
    private final com.payband.console.support.SupportService support;

    private ConsoleServices(DataFolder folder, FolderLock lock, DataKey key, Database database, String storeId,
            Options options) throws IOException {
        this.folder = folder;
        this.lock = lock;
        this.key = key;
        this.database = database;
        this.storeId = storeId;
        this.options = options;
        Clock clock = options.clock();
        this.audit = new AuditTrail(database, key.keyedHash(DataKey.Purpose.AUDIT_CHAIN), folder.auditAnchor(), storeId, clock);
        this.continuity = audit.open();
        this.authorizer = new Authorizer(database, audit);
        this.staff = new StaffService(database, audit, authorizer, new PasswordHasher(options.passwordCost()), clock);
        this.settings = new SettingsService(database, audit, authorizer, clock);
        this.customers = new CustomerService(database, audit, authorizer, key.cipher(DataKey.Purpose.IDENTITY_ENCRYPTION),
                key.keyedHash(DataKey.Purpose.DOCUMENT_NUMBER_INDEX), key.keyedHash(DataKey.Purpose.NAME_INDEX),
                () -> settings.getInt(Setting.MINIMUM_AGE), () -> com.payband.drivers.idcard.check.DocumentCheck.UncheckedChips
                        .valueOf(settings.get(Setting.UNCHECKED_PASSPORTS).trim().toUpperCase(java.util.Locale.ROOT)), clock);
        this.consent = new ConsentService(database, audit, authorizer, clock);
        this.outbox = new Outbox(database, key.cipher(DataKey.Purpose.OUTBOX_ENCRYPTION), clock);
        this.backend = new com.payband.console.sync.BackendRegistration(database, audit, authorizer,
                key.cipher(DataKey.Purpose.BACKEND_CREDENTIALS), clock, outbox);
        // the list's head is checked with the backend issuer's root (the issuer is made below; asked only at a pull)
        if (options.demoBackend() != null) {
            this.demoBackend = new com.payband.console.sync.DemoBackend(options.demoBackend(),
                    folder.path().resolve("simulator").resolve("backend"));
            backend.useDemo(demoBackend);
        } else {
            this.demoBackend = null;
        }
        // a lookup reads the registration as kept; only a new binding may register (with the demo backend) first
        this.revocationList = new com.payband.console.binding.BackendRevocationList(database);
        this.lifecycle = new LifecycleService(database, audit, authorizer, outbox,
                key.cipher(DataKey.Purpose.NOTE_ENCRYPTION), clock,
                backend::registrationForNewBinding,
                () -> backend.link().map(com.payband.console.sync.BackendLink::consoleId).orElse(null),
                revocationList);
        this.sync = new com.payband.console.sync.SyncService(database, outbox, audit, backend, lifecycle, authorizer,
                clock, this::issuerRoot, revocationList);
        this.documentReading = new DocumentReading(audit, authorizer, customers::documentCheck);
        // No hardware drivers yet: the bands are the simulator's (the SIMULATOR marking says so). The issuer is the
        // backend's; until this console is registered there is none and binds wait (in the queue).
        this.simulator = SimulatorWorld.open(folder.path().resolve("simulator"), database, options.link(), clock);
        this.issuer = new com.payband.console.sync.BackendIssuer(backend, sync, root -> {
            try {
                int reflashed = simulator.pinIssuerRoot(root);
                LOG.info("simulator: new bands pin the backend issuer's root; {} factory-new bands flashed again",
                        reflashed);
            } catch (IOException e) {
                LOG.warn("simulator: the backend issuer's root could not be pinned: {}", e.getMessage());
            }
        }, customerId -> {
            try {
                return customers.ownerEvidence(customerId);
            } catch (com.payband.console.customer.NoSuchCustomerException e) {
                throw new IssuerException("no customer " + customerId + " to bind", e);
            }
        });
        backend.onRegistered(() -> {
            try {
                this.issuer.learnRoot();
            } catch (IssuerException e) {
                LOG.warn("the backend issuer's root is not known yet ({}); it is asked again at the next enrollment",
                        e.getMessage());
            }
        });
        this.enrollment = new EnrollmentService(audit, authorizer, lifecycle, issuer, simulator.bandRadio(), clock,
                java.time.Duration.ofSeconds(3), customers::simulated);
        this.enrollmentQueue = new com.payband.console.enrollment.EnrollmentQueue(database, audit, authorizer, enrollment,
                clock);
        this.bandInspection = new BandInspection(simulator.bandRadio(), authorizer, audit, lifecycle,
                java.time.Duration.ofSeconds(3));
        this.auditReview = new AuditReview(audit, authorizer);
        this.support = new com.payband.console.support.SupportService(database, audit, authorizer, lifecycle, customers, enrollment, issuer,
                simulator.bandRadio(), java.time.Duration.ofSeconds(3), clock);
    }

    /**
     * Creates a new store with its first administrator. Nothing is left behind when it fails (a weak
     * password, a refused passphrase): the administrator can simply try again.
     */
    public static ConsoleServices initialise(DataFolder folder, KeyVault.Protection protection, SecretPrompt prompt,
            String adminUsername, char[] adminPassword, Options options)
            throws StoreException, KeyVaultException, PasswordPolicyException, StaffException {
        if (!StaffService.validUsername(adminUsername)) {
            throw new StaffException(StaffException.Reason.INVALID_USERNAME, "");
        }
        List<PasswordPolicy.Violation> violations = PasswordPolicy.check(StaffService.normaliseUsername(adminUsername),
                adminPassword);
        if (!violations.isEmpty()) {
            throw new PasswordPolicyException(violations);
        }
        try {
            folder.create();
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.IO, "cannot create " + folder, e);
        }
        FolderLock lock = FolderLock.acquire(folder);
        boolean created = false;
        DataKey key = null;
        Database database = null;
        try {
            if (folder.initialised() || Files.exists(folder.databaseFile())) {
                throw new StoreException(StoreException.Reason.ALREADY_INITIALISED, folder.toString());
            }
            String storeId = UUID.randomUUID().toString();
            KeyVault vault = new KeyVault(options.credentialStore(), options.passphraseCost());
            key = vault.create(folder.path(), storeId, protection, prompt);
            created = true;
            database = Database.open(folder, ENTITIES, options.clock(), databaseKeys(key));
            database.runInTransaction(s -> {
                s.persist(new StoreInfo(storeId, options.clock().instant()));
            });
            ConsoleServices services = new ConsoleServices(folder, lock, key, database, storeId, options);
            services.audit.record(Actor.SYSTEM, AuditAction.STORE_CREATED, Outcome.SUCCESS, Target.store(storeId), null,
                    "key protection " + KeyVault.protectionOf(folder.path()));
            services.staff.createFirstAdministrator(adminUsername, adminPassword);
            return services;
        } catch (IOException e) {
            abandon(folder, lock, created, database, key);
            throw new StoreException(StoreException.Reason.IO, e.getMessage(), e);
        } catch (StoreException | KeyVaultException | PasswordPolicyException | StaffException | RuntimeException e) {
            abandon(folder, lock, created, database, key);
            throw e;
        }
    }

    private static void abandon(DataFolder folder, FolderLock lock, boolean created, Database database, DataKey key) {
        if (database != null) {
            database.close();
        }
        if (key != null) {
            key.close();
        }
        if (created) {
            removeHalfCreatedStore(folder);
        }
        lock.close();
    }

    private static void removeHalfCreatedStore(DataFolder folder) {
        try {
            Files.deleteIfExists(folder.path().resolve("keys.json"));
            Files.deleteIfExists(folder.auditAnchor());
            try (Stream<Path> files = Files.list(folder.databaseDirectory())) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // best effort: the next init says what is in the way
        }
    }

    /**
     * Opens an existing store: lock, unlock the key, migrate if needed, check the key belongs to the
     * database and that the database continues its audit anchor. A store that was changed behind the
     * console's back (a database file in clear, an older copy put back) is refused:
     * {@link StoreException.Reason#TAMPERED}.
     */
    public static ConsoleServices open(DataFolder folder, SecretPrompt prompt, Options options)
            throws StoreException, KeyVaultException {
        ConsoleServices services = openToRecover(folder, prompt, options);
        if (services.continuity != AuditTrail.Continuity.CONTINUES) {
            services.close();
            throw new StoreException(StoreException.Reason.TAMPERED, services.continuity.name());
        }
        return services;
    }

    /**
     * Opens a store even when its database does not continue its audit anchor ({@link #continuity()}
     * says how): only so that an administrator can see what is wrong ({@code audit verify}) and put a
     * backup back. A database file in clear is refused here too.
     */
    public static ConsoleServices openToRecover(DataFolder folder, SecretPrompt prompt, Options options)
            throws StoreException, KeyVaultException {
        if (!Files.isDirectory(folder.path()) || !folder.initialised()) {
            throw new StoreException(StoreException.Reason.NOT_INITIALISED, folder.toString());
        }
        FolderLock lock = FolderLock.acquire(folder);
        DataKey key = null;
        Database database = null;
        try {
            String keyStoreId = KeyVault.storeIdOf(folder.path());
            key = new KeyVault(options.credentialStore(), options.passphraseCost()).unlock(folder.path(), prompt);
            boolean encryptedNow = Database.format(folder) == Database.FileFormat.PLAIN
                    && encryptEarlierStore(folder, key, keyStoreId, options.clock());
            database = openDatabase(folder, key, options.clock());
            StoreInfo info = database.inTransaction(StoreInfo::find);
            if (info == null || !info.storeId().equals(keyStoreId)) {
                throw new StoreException(StoreException.Reason.KEY_MISMATCH, folder.toString());
            }
            ConsoleServices services = new ConsoleServices(folder, lock, key, database, keyStoreId, options);
            if (encryptedNow) {
                services.audit.record(Actor.SYSTEM, AuditAction.STORE_ENCRYPTED, Outcome.SUCCESS,
                        Target.store(keyStoreId), null, "AES");
            }
            return services;
        } catch (StoreException | KeyVaultException | RuntimeException e) {
            closeQuietly(database, key, lock);
            throw e;
        } catch (IOException e) {
            closeQuietly(database, key, lock);
            throw new StoreException(StoreException.Reason.IO, e.getMessage(), e);
        }
    }

    private static Database openDatabase(DataFolder folder, DataKey key, Clock clock) throws StoreException {
        try {
            return Database.open(folder, ENTITIES, clock, databaseKeys(key));
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.KEY_MISMATCH
                    && AuditTrail.anchoredUnder(folder.auditAnchor(), key.keyedHash(DataKey.Purpose.AUDIT_CHAIN))) {
                // H2 cannot tell a wrong key from a damaged file; the anchor says the key is right
                throw new StoreException(StoreException.Reason.TAMPERED, StoreException.UNREADABLE, e);
            }
            throw e;
        }
    }

    /**
     * The database's secrets, derived from the data key: whoever holds the data folder without the key
     * cannot open the file, with H2's tools or any other.
     */
    public static com.payband.console.store.DatabaseKeys databaseKeys(DataKey key) {
        char[] file = key.secretText(DataKey.Purpose.DATABASE_FILE);
        char[] user = key.secretText(DataKey.Purpose.DATABASE_USER);
        try {
            return new com.payband.console.store.DatabaseKeys(file, user);
        } finally {
            java.util.Arrays.fill(file, '\0');
            java.util.Arrays.fill(user, '\0');
        }
    }

    /**
     * Encrypts the database of a store that an earlier version wrote in clear, but only a database that
     * the store's own audit trail vouches for: its chain verifies under the key, and it reaches the
     * anchor. A file in clear put there by someone else (its rows edited with H2's tools, or written
     * from scratch) has no such trail and is refused, never adopted.
     *
     * @return true when it was encrypted (the caller records that in the trail)
     */
    private static boolean encryptEarlierStore(DataFolder folder, DataKey key, String storeId, Clock clock)
            throws StoreException {
        try (Database plain = Database.openPlainForCheck(folder, List.of(StoreInfo.class, AuditEvent.class,
                AuditChainHead.class))) {
            StoreInfo info = plain.inTransaction(StoreInfo::find);
            if (info == null || !info.storeId().equals(storeId)) {
                throw new StoreException(StoreException.Reason.KEY_MISMATCH, folder.toString());
            }
            try (AuditTrail trail = new AuditTrail(plain, key.keyedHash(DataKey.Purpose.AUDIT_CHAIN), folder.auditAnchor(),
                    storeId, clock)) {
                var verification = trail.verify();
                if (!verification.intact() || verification.eventsChecked() == 0) {
                    LOG.error("refusing a database in clear whose audit trail does not check out: {}",
                            verification.problems());
                    throw new StoreException(StoreException.Reason.TAMPERED, StoreException.PLAIN_FILE);
                }
            }
        } catch (RuntimeException e) {
            // an unreadable table, a schema that is not ours
            LOG.error("refusing a database in clear that cannot be checked", e);
            throw new StoreException(StoreException.Reason.TAMPERED, StoreException.PLAIN_FILE, e);
        }
        LOG.info("encrypting the database of a store written by an earlier version");
        com.payband.console.store.DatabaseKeys keys = databaseKeys(key);
        try {
            Database.encryptPlainFile(folder, keys);
        } finally {
            keys.wipe();
        }
        return true;
    }

    /**
     * Unlocks the store key and lets it go again: proof that the caller holds it, where a database that
     * does not open leaves nobody to sign in. The folder lock is held meanwhile.
     *
     * @return the store's id
     */
    public static String requireStoreKey(DataFolder folder, SecretPrompt prompt, Options options)
            throws StoreException, KeyVaultException {
        try (FolderLock lock = FolderLock.acquire(folder);
                DataKey key = new KeyVault(options.credentialStore(), options.passphraseCost()).unlock(folder.path(), prompt)) {
            return KeyVault.storeIdOf(folder.path());
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.IO, e.getMessage(), e);
        }
    }

    /** Replaces the (closed) store's database with a backup's, holding the folder lock while it does. */
    public static void restore(DataFolder folder, Path backup, Clock clock) throws StoreException {
        try (FolderLock lock = FolderLock.acquire(folder)) {
            StoreBackup.restore(folder, backup, clock);
        }
    }

    private static void closeQuietly(Database database, DataKey key, FolderLock lock) {
        if (database != null) {
            database.close();
        }
        if (key != null) {
            key.close();
        }
        lock.close();
    }

    public DataFolder folder() {
        return folder;
    }

    public String storeId() {
        return storeId;
    }

    public Database database() {
        return database;
    }

    public AuditTrail audit() {
        return audit;
    }

    /**
     * The store was opened with its passphrase by this member, signed in: only who may unlock the store keeps it open,
     * so that shops give the passphrase to their administrators and not to every clerk (the caller closes it if this
     * refuses).
     */
    public void unlockedBy(StaffSession staff) {
        authorizer().require(staff, Action.UNLOCK_STORE);
        audit().record(staff.actor(), AuditAction.STORE_UNLOCKED, Outcome.SUCCESS, Target.store(storeId()), null, null);
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public StaffService staff() {
        return staff;
    }

    public SettingsService settings() {
        return settings;
    }

    public CustomerService customers() {
        return customers;
    }

    public ConsentService consent() {
        return consent;
    }

    public LifecycleService lifecycle() {
        return lifecycle;
    }

    public EnrollmentService enrollment() {
        return enrollment;
    }

    /** The support desk: lost bands found, recovered bands reset. */
    public com.payband.console.support.SupportService support() {
        return support;
    }

    /** Lists of stolen bands imported from files. */
    public com.payband.console.support.RevocationImport revocationImport() {
        return new com.payband.console.support.RevocationImport(database, audit, authorizer, options.clock(), issuer,
                revocationList);
    }

    public com.payband.console.enrollment.EnrollmentQueue enrollmentQueue() {
        return enrollmentQueue;
    }

    public BandInspection bandInspection() {
        return bandInspection;
    }

    public SimulatorWorld simulator() {
        return simulator;
    }

    /** The outbox's way to the backend. */
    public com.payband.console.sync.SyncService sync() {
        return sync;
    }

    /** The simulator's demo backend, when this console runs one. */
    public java.util.Optional<com.payband.console.sync.DemoBackend> demoBackend() {
        return java.util.Optional.ofNullable(demoBackend);
    }

    /** This console's registration at its backend. */
    public com.payband.console.sync.BackendRegistration backend() {
        return backend;
    }

    private byte[] issuerRoot() {
        return issuer.rootPublicKey();
    }

    public Issuer issuer() {
        return issuer;
    }

    public BandRadio bandRadio() {
        return simulator.bandRadio();
    }

    private final com.payband.console.bands.BluetoothStatus bluetooth = new com.payband.console.bands.BluetoothStatus();
    private com.payband.console.bands.BandTransport bandTransport = com.payband.console.bands.BandTransport.SIMULATED;

    /** The radio in use and the Bluetooth driver's health, for the home screen, Settings and the status bar. */
    public com.payband.console.bands.BluetoothStatus bluetooth() {
        return bluetooth;
    }

    public synchronized com.payband.console.bands.BandTransport bandTransport() {
        return bandTransport;
    }

    /**
     * Reaches bands through this transport from now on (Settings, {@code --transport}); the Bluetooth driver starts at
     * its first use. An operation already under way finishes on the transport it started with.
     */
    public synchronized void useBandTransport(com.payband.console.bands.BandTransport chosen) throws IOException {
        if (radioClosed) {
            // the store closed while the choice was on its way (a window closing at start): no driver to start
            throw new IOException("the store is closed");
        }
        if (chosen.equals(bandTransport)) {
            return;
        }
        // trust and the simulated marking go with the radio: through a real radio only the manufacturers shipped with
        // the console are trusted, never the simulator's (whose key is in the data folder), and nothing is simulated
        BandRadio radio = simulator.bandRadio();
        switch (chosen.kind()) {
            case SIM -> {
                radio.use(simulator.radio(), simulator.manufacturers(), true, false);
                bluetoothDriver = null;
            }
            case TINYB -> {
                bluetoothDriver = bluetoothDriver(chosen.adapter(), java.util.Map.of());
                radio.use(bluetoothDriver, com.payband.console.bands.BandManufacturers.production(), false, true);
            }
            case TINYB_STAND_IN -> {
                bluetoothDriver = bluetoothDriver(Optional.of(SimulatorWorld.BLUEZ_ADAPTER),
                        java.util.Map.of("DBUS_SYSTEM_BUS_ADDRESS", simulator.playBluez()));
                radio.use(bluetoothDriver, simulator.manufacturers(), true, true);
            }
        }
        if (chosen.kind() != com.payband.console.bands.BandTransport.Kind.TINYB_STAND_IN) {
            simulator.stopPlayingBluez();
        }
        bandTransport = chosen;
        bluetooth.transport(chosen);
        LOG.info("bands are reached through {}", chosen.text());
    }

    /** The Bluetooth driver of the radio in use; none for the simulator. */
    private com.payband.drivers.band.ble.host.HostedBleTransport bluetoothDriver;

    /**
     * Starts the Bluetooth driver of the radio in use ahead of the first scan (the window does, once the radio is
     * chosen); why it cannot start shows at once in the driver's health. Blocks while it starts: not on the FX thread.
     */
    public void warmUpRadio() {
        com.payband.drivers.band.ble.host.HostedBleTransport driver;
        synchronized (this) {
            driver = radioClosed ? null : bluetoothDriver;
        }
        if (driver != null) {
            driver.warmUp();
        }
    }

    private com.payband.drivers.band.ble.host.HostedBleTransport bluetoothDriver(Optional<String> adapter,
            java.util.Map<String, String> environment) {
        var driver = new com.payband.drivers.band.ble.host.HostedBleTransport(
                com.payband.drivers.band.ble.host.HostedBleTransport.javaCommand(adapter, folder.logs()), environment,
                Optional.of(folder.logs().resolve("ble-host.log")), options.clock());
        driver.onHealth(bluetooth::health);
        return driver;
    }

    public DocumentReading documentReading() {
        return documentReading;
    }

    public AuditReview auditReview() {
        return auditReview;
    }

    public Outbox outbox() {
        return outbox;
    }

    /**
     * The customer of a band: its newest binding leads to them (audited as a search by band). Nothing
     * found is an empty list, audited too.
     */
    public List<com.payband.console.customer.CustomerMatch> findCustomerByBand(com.payband.console.staff.StaffSession staff,
            String bandSerial) {
        UUID customerId = lifecycle.latestBindingOfBand(bandSerial).map(Binding::customerId).orElse(new UUID(0, 0));
        return customers.findById(staff, customerId, "BAND");
    }

    public Options options() {
        return options;
    }

    /** Whether the database continues its audit anchor; anything else only after {@link #openToRecover}. */
    public AuditTrail.Continuity continuity() {
        return continuity;
    }

    /** For the key-recovery export: the caller has checked the MANAGE_KEYS permission. */
    /**
     * Opens a copy of this store (a backup unpacked in a folder of its own) with this store's key, verifies its audit
     * chain and counts its records; the copy is closed again.
     */
    BackupCheck checkCopy(DataFolder copy, Path file) throws StoreException {
        try (Database db = Database.open(copy, ENTITIES, options.clock(), databaseKeys(key));
                AuditTrail trail = new AuditTrail(db, key.keyedHash(DataKey.Purpose.AUDIT_CHAIN), copy.auditAnchor(),
                        storeId, options.clock())) {
            var verification = trail.verify();
            return db.inTransaction(s -> new BackupCheck(file, verification.intact() && verification.eventsChecked() > 0,
                    verification.eventsChecked(), verification.problems().size(), count(s, "Customer"),
                    count(s, "Binding"), count(s, "StaffAccount")));
        }
    }

    /** How many rows of this entity (the store's statistics, a backup's restore check). */
    static long count(org.hibernate.Session s, String entity) {
        return s.createSelectionQuery("select count(e) from " + entity + " e", Long.class).getSingleResult();
    }

    DataKey dataKey() {
        return key;
    }

    @Override
    public void close() {
        closeRadio();
        if (demoBackend != null) {
            demoBackend.close();
        }
        simulator.close();
        audit.close();
        closeQuietly(database, key, lock);
        for (AutoCloseable resource : closeAfter) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} after the store failed: {}", resource, e.toString());
            }
        }
    }

    private final List<AutoCloseable> closeAfter = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Set under this object's lock, as {@link #useBandTransport} reads it: no radio is started after the close. */
    private boolean radioClosed;

    private synchronized void closeRadio() {
        radioClosed = true;
    }

    /** Closes this after the store: what lives exactly as long as it (a backend a test runs for this store alone). */
    public void closeAfter(AutoCloseable resource) {
        closeAfter.add(resource);
    }

    /** Closes the store and compacts its database file (see {@link Database#closeCompacted()}). */
    void closeCompacted() {
        closeRadio();
        if (demoBackend != null) {
            demoBackend.close();
        }
        simulator.close();
        audit.close();
        database.closeCompacted();
        key.close();
        lock.close();
    }
}

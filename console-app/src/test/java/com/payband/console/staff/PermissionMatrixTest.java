package com.payband.console.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.app.StoreAdministration;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.OwnerVerification;
import com.payband.console.settings.Setting;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.sim.SampleDocuments;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import com.payband.drivers.idcard.sim.SimulatorSettings;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against every action, through the service that carries the action out: allowed exactly
 * where the matrix says, refused (and audited) everywhere else. And the matrix in security.md is the
 * one in the code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final ReaderInfo READER = new ReaderInfo("sim:test", "test simulator", ReaderKind.SIMULATOR, true);

    @TempDir
    static Path dir;

    private ConsoleServices services;
    /** An account with every operating role, to build what each probe acts on. */
    private StaffSession setup;
    private final Map<Role, StaffSession> sessions = new EnumMap<>(Role.class);
    private final AtomicInteger serials = new AtomicInteger();

    @BeforeAll
    void openStore() throws Exception {
        services = TestStores.create(dir, CLOCK);
        // registered: resets and phone changes need the backend's issuer, so their probes get past it
        services.backend().register(TestStores.admin(services), backend().url(), backend().code(), "Shop");
        setup = TestStores.staff(services, "setup", Role.RETAIL_STAFF, Role.SUPPORT_AGENT);
        for (Role role : Role.values()) {
            sessions.put(role, TestStores.staff(services, "as-" + role.name().toLowerCase().replace("_", "-"), role));
        }
    }

    @AfterAll
    void closeStore() {
        services.close();
        if (backend != null) {
            backend.close();
        }
    }

    private com.payband.console.sync.TestBackend backend;

    /** The store's backend (a real one), started on first use. */
    private com.payband.console.sync.TestBackend backend() throws Exception {
        if (backend == null) {
            backend = com.payband.console.sync.TestBackend.start(dir.resolve("backend"));
        }
        return backend;
    }

    /**
     * Actions of the matrix that no service carries out yet (diagnostics, firmware updates: the technicians'
     * issue). A probe of them could only call the
     * authorizer itself and never fail; each joins the test with its service.
     */
    private static final Set<Action> NOT_CARRIED_OUT_YET = java.util.EnumSet.of(Action.DIAGNOSE_BAND, Action.UPDATE_FIRMWARE);

    Stream<Arguments> everyRoleAndAction() {
        List<Arguments> all = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Action action : Action.values()) {
                if (!NOT_CARRIED_OUT_YET.contains(action)) {
                    all.add(Arguments.of(role, action));
                }
            }
        }
        return all.stream();
    }

    Stream<Role> rolesThatDoNotEnroll() {
        return Stream.of(Role.values()).filter(r -> !PermissionMatrix.allows(r, Action.ENROLL_BAND));
    }

    /** Enrollment's every entry point asks for ENROLL_BAND itself, not only the window or the command line. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rolesThatDoNotEnroll")
    void enrollmentPhoneStepPaymentCheckAndReconciliationRefuseRolesThatDoNotEnroll(Role role) throws Exception {
        StaffSession staff = sessions.get(role);
        UUID customer = customer("zhang-wei");
        var enrollment = services.enrollment();
        String code = services.simulator().customerPhone(customer).keyCode().text();
        var phone = enrollment.acceptPhone(setup, customer, code);
        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
                () -> enrollment.acceptPhone(staff, customer, code),
                () -> enrollment.enroll(staff, customer, new com.payband.band.BandSerial("PB100003"), phone, s -> { }),
                () -> enrollment.verifyPayment(staff, UUID.randomUUID(), "PBPAY1:AAAA", s -> { }),
                () -> enrollment.reconcilePending(staff));
        for (var call : calls) {
            long before = deniedCount(staff);
            assertThatThrownBy(call).isInstanceOfSatisfying(AccessDeniedException.class,
                    e -> assertThat(e.action()).isEqualTo(Action.ENROLL_BAND));
            assertThat(deniedCount(staff)).isEqualTo(before + 1);
        }
        assertThat(services.lifecycle().latestBindingOfBand("PB100003")).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyRoleAndAction")
    void theServiceAllowsExactlyWhatTheMatrixSays(Role role, Action action) throws Exception {
        StaffSession staff = sessions.get(role);
        Probe probe = probe(action);
        long deniedBefore = deniedCount(staff);
        if (PermissionMatrix.allows(role, action)) {
            probe.run(staff);
            assertThat(deniedCount(staff)).isEqualTo(deniedBefore);
        } else {
            assertThatThrownBy(() -> probe.run(staff))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                        assertThat(e.action()).isEqualTo(action);
                        assertThat(e.reason()).isEqualTo(AccessDeniedException.Reason.NOT_PERMITTED);
                    });
            assertThat(deniedCount(staff)).isEqualTo(deniedBefore + 1);
        }
    }

    @Test
    void securityDocShowsTheMatrixOfTheCode() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "src", "docs", "security.md"));
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| Action |")) {
                header = i;
            }
        }
        assertThat(header).as("permission table in security.md").isNotNegative();
        List<String> columns = cells(lines.get(header)).subList(1, Role.values().length + 1);
        assertThat(columns).containsExactly(Stream.of(Role.values()).map(Enum::name).toArray(String[]::new));
        Map<Action, List<String>> rows = new EnumMap<>(Action.class);
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            rows.put(Action.valueOf(cells.get(0)), cells.subList(1, cells.size()));
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrder(Action.values());
        rows.forEach((action, marks) -> {
            for (int r = 0; r < Role.values().length; r++) {
                Role role = Role.valueOf(columns.get(r));
                assertThat(marks.get(r).equals("✓")).as(role + " × " + action)
                        .isEqualTo(PermissionMatrix.allows(role, action));
            }
        });
    }

    @Test
    void aRoleRemovedByTheAdministratorIsRefusedAtOnceInAnOpenSession() throws Exception {
        StaffSession clerk = TestStores.staff(services, "clerk-moved", Role.RETAIL_STAFF);
        probe(Action.FIND_CUSTOMER).run(clerk);
        services.staff().setRoles(TestStores.admin(services), "clerk-moved", Set.of(Role.FIELD_TECHNICIAN));
        assertThatThrownBy(() -> probe(Action.FIND_CUSTOMER).run(clerk)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aDisabledAccountsOpenSessionIsRefused() throws Exception {
        StaffSession clerk = TestStores.staff(services, "clerk-gone", Role.RETAIL_STAFF);
        services.staff().setEnabled(TestStores.admin(services), "clerk-gone", false);
        assertThatThrownBy(() -> probe(Action.FIND_CUSTOMER).run(clerk))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccessDeniedException.Reason.ACCOUNT_DISABLED));
    }

    @Test
    void anAdministratorSetPasswordMustBeChangedBeforeAnythingElse() throws Exception {
        services.staff().create(TestStores.admin(services), "newcomer", Set.of(Role.RETAIL_STAFF),
                "initial password 1234".toCharArray());
        StaffSession newcomer = services.staff().signIn("newcomer", "initial password 1234".toCharArray());
        assertThatThrownBy(() -> probe(Action.FIND_CUSTOMER).run(newcomer))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccessDeniedException.Reason.PASSWORD_CHANGE_REQUIRED));
        services.staff().changeOwnPassword(newcomer, "initial password 1234".toCharArray(),
                "my own password 5678".toCharArray());
        probe(Action.FIND_CUSTOMER).run(newcomer);
    }

    private long deniedCount(StaffSession staff) {
        long[] n = {0};
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of(staff.username()),
                Optional.of(AuditAction.ACCESS_DENIED), Integer.MAX_VALUE), e -> n[0]++);
        return n[0];
    }

    @FunctionalInterface
    interface Probe {
        void run(StaffSession staff) throws Exception;
    }

    /** The service call that carries out each action, on fixtures built by the setup account. */
    private Probe probe(Action action) throws Exception {
        return switch (action) {
            case READ_DOCUMENT -> staff -> {
                try (SimulatedIdCardReader reader = new SimulatedIdCardReader(SimulatorSettings.instant(CLOCK))) {
                    reader.insertCard("zhang-wei");
                    services.documentReading().readAndWait(staff, reader, ReadRequest.plain());
                }
            };
            case REGISTER_CUSTOMER -> staff -> services.customers().register(staff, document("zhang-wei"), READER);
            case FIND_CUSTOMER -> staff -> services.customers().findByDocumentNumber(staff, "110101198803150111");
            case VIEW_PERSONAL_DATA -> {
                UUID customer = customer("ayigul");
                yield staff -> services.customers().reveal(staff, customer);
            }
            case SCAN_BANDS -> staff -> services.bandInspection().scan(staff, java.time.Duration.ofMillis(20), l -> { });
            case ENROLL_BAND -> {
                UUID customer = customer("zhang-wei");
                yield staff -> services.lifecycle().begin(staff, nextSerial(), new byte[65], "C0:00:00:00:00:01",
                        customer, true, TestStores.anyPhone());
            }
            case REPORT_LOST -> {
                UUID binding = activeBinding();
                yield staff -> services.lifecycle().transition(staff, binding, ReasonCode.LOST, Optional.empty());
            }
            case REPORT_STOLEN -> {
                UUID binding = activeBinding();
                yield staff -> services.lifecycle().transition(staff, binding, ReasonCode.STOLEN, Optional.empty());
            }
            case RESUME_BINDING -> {
                UUID binding = activeBinding();
                services.lifecycle().transition(setup, binding, ReasonCode.LOST, Optional.empty());
                UUID customer = services.lifecycle().binding(setup, binding).orElseThrow().customerId();
                OwnerVerification verified = services.customers().verifyOwner(setup, customer, document("zhang-wei"), READER);
                yield staff -> services.lifecycle().transition(staff, binding, ReasonCode.FOUND, Optional.of(verified));
            }
            case DEACTIVATE_BINDING -> {
                UUID binding = activeBinding();
                yield staff -> services.lifecycle().transition(staff, binding, ReasonCode.FRAUD, Optional.empty());
            }
            // a factory-new sample band: the service, past the permission, finds nothing to reset
            case RESET_BAND -> staff -> {
                try {
                    services.support().resetRecoveredBand(staff, new com.payband.band.BandSerial("PB100002"),
                            Optional.empty());
                    throw new AssertionError("a factory-new band has nothing to reset");
                } catch (com.payband.console.support.SupportException e) {
                    assertThat(e.reason()).isEqualTo(com.payband.console.support.SupportException.Reason.NOT_BOUND);
                }
            };
            // an approval of a support agent's reset (the agent's own permission is checked after the approver's)
            case APPROVE_RESET -> staff -> services.support().approveReset(sessions.get(Role.SUPPORT_AGENT), staff,
                    new com.payband.band.BandSerial("PB100002"));
            // an unknown binding: the service, past the permission, finds nothing to change
            case LINK_PHONE -> staff -> {
                UUID customer = customer("zhang-wei");
                var phone = services.support().acceptNewPhone(setup, customer,
                        services.simulator().customerPhone(customer).keyCode().text());
                try {
                    services.support().replacePhone(staff, UUID.randomUUID(), TestStores.ownerCard("zhang-wei"), phone);
                    throw new AssertionError("no such binding");
                } catch (com.payband.console.lifecycle.NoSuchBindingException expected) {
                    // carried out as far as a binding that does not exist
                }
            };
            case IMPORT_REVOCATIONS -> staff -> services.revocationImport().importCsv(staff,
                    new java.io.StringReader("PB9B" + String.format("%04d", serials.incrementAndGet()) + ",STOLEN,probe\n"),
                    "probe.csv", false);
            case DIAGNOSE_BAND, UPDATE_FIRMWARE -> throw new IllegalArgumentException(action + " has no service yet");
            case MANAGE_STAFF -> staff -> services.staff().list(staff);
            case VIEW_AUDIT -> staff -> services.auditReview().list(staff, AuditQuery.all());
            case VERIFY_AUDIT -> staff -> services.auditReview().verify(staff);
            case EXPORT_AUDIT -> staff -> services.auditReview().exportCsv(staff, AuditQuery.all(), new StringWriter());
            case BACKUP_STORE -> staff -> new StoreAdministration(services).backup(staff,
                    dir.resolve("backup-" + serials.incrementAndGet() + ".zip"));
            case VIEW_STORE_STATS -> staff -> new StoreAdministration(services).stats(staff);
            case CHANGE_SETTINGS -> staff -> services.settings().set(staff, Setting.MINIMUM_AGE, "18");
            case MANAGE_KEYS -> staff -> new StoreAdministration(services).exportKeyRecovery(staff,
                    dir.resolve("recovery-" + serials.incrementAndGet() + ".json"),
                    kind -> "recovery passphrase 123".toCharArray());
            case UNLOCK_STORE -> staff -> services.unlockedBy(staff);
            case REGISTER_BACKEND -> {
                String url = backend().url();
                String code = backend().code();
                // registered already: registered anew, on purpose, once what waits has reached the backend
                yield staff -> {
                    services.sync().pushOutbox();
                    services.backend().register(staff, url, code, "Shop", true);
                };
            }
            case SYNC -> staff -> services.backend().status(staff);
        };
    }

    private static IdDocument document(String sample) {
        return SampleDocuments.byName(sample).orElseThrow().document(CLOCK);
    }

    private UUID customer(String sample) throws Exception {
        return services.customers().register(setup, document(sample), READER).customerId();
    }

    private UUID activeBinding() throws Exception {
        UUID binding = services.lifecycle().begin(setup, nextSerial(), new byte[65], "C0:00:00:00:00:02",
                customer("zhang-wei"), true, TestStores.anyPhone());
        services.lifecycle().transition(setup, binding, ReasonCode.BIND_CONFIRMED, Optional.empty());
        return binding;
    }

    private String nextSerial() {
        return "PB-TEST-" + serials.incrementAndGet();
    }

    private static List<String> cells(String row) {
        String trimmed = row.trim();
        String inner = trimmed.substring(1, trimmed.length() - 1);
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }
}

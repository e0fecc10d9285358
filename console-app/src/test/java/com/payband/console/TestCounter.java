package com.payband.console;

import com.payband.console.app.ConsoleServices;
import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.reader.DocumentReading;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.sim.SampleDocument;
import com.payband.drivers.idcard.sim.SampleDocuments;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import com.payband.drivers.idcard.sim.SimulatorSettings;
import java.time.Clock;
import java.util.Set;

/**
 * A shop counter in a test: staff who can work (their first password already changed) and the
 * simulated reader with a sample document on it, read and registered the way the console does.
 */
public final class TestCounter {

    private static final String INITIAL_PASSWORD = "initial secret 4 counter";
    private static final String WORKING_PASSWORD = "working secret 7 counter";

    private TestCounter() {
    }

    /**
     * Creates an account with these roles (as the store's administrator), signs it in and changes the
     * password the administrator chose, as its owner must before the first action.
     */
    public static StaffSession staff(ConsoleServices services, String username, Role... roles) throws Exception {
        services.staff().create(TestStores.admin(services), username, Set.of(roles), INITIAL_PASSWORD.toCharArray());
        StaffSession session = services.staff().signIn(username, INITIAL_PASSWORD.toCharArray());
        services.staff().changeOwnPassword(session, INITIAL_PASSWORD.toCharArray(), WORKING_PASSWORD.toCharArray());
        return session;
    }

    public static StaffSession signIn(ConsoleServices services, String username) throws Exception {
        return services.staff().signIn(username, WORKING_PASSWORD.toCharArray());
    }

    /** The sample as a reader would deliver it today. */
    public static IdDocument document(String sampleId) {
        return sample(sampleId).document(Clock.systemUTC());
    }

    /** Reads the sample on the simulated reader (audited) and registers its holder. */
    public static RegisteredCustomer register(ConsoleServices services, StaffSession staff, String sampleId)
            throws Exception {
        DocumentReading.Result read = read(services, staff, sampleId);
        try (SimulatedIdCardReader reader = reader()) {
            return services.customers().register(staff, read.document(), reader.info());
        }
    }

    /** Reads the sample on the simulated reader, as staff at the counter do before registering. */
    public static DocumentReading.Result read(ConsoleServices services, StaffSession staff, String sampleId)
            throws Exception {
        Clock clock = Clock.systemUTC();
        SampleDocument sample = sample(sampleId);
        try (SimulatedIdCardReader reader = reader()) {
            reader.insertCard(sample);
            ReadRequest request = sample.accessKey(clock).map(ReadRequest::withAccessKey).orElse(ReadRequest.plain());
            return services.documentReading().readAndWait(staff, reader, request);
        }
    }

    private static SimulatedIdCardReader reader() {
        return new SimulatedIdCardReader(SimulatorSettings.instant(Clock.systemUTC()));
    }

    private static SampleDocument sample(String sampleId) {
        return SampleDocuments.byName(sampleId)
                .orElseThrow(() -> new IllegalArgumentException("no sample document " + sampleId));
    }
}

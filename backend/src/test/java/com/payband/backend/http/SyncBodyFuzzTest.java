package com.payband.backend.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.payband.backend.ca.BackendCa;
import com.payband.backend.events.EventLog;
import com.payband.sync.api.EventBatch;
import com.payband.sync.api.RegistrationRequest;
import com.payband.sync.api.SyncEvent;
import java.io.IOException;

/**
 * The sync API's bodies as anyone on the network can send them, fuzzed through what the backend does with them
 * before it touches its database: the strict JSON reading of a registration and of an event batch, the check and
 * digest of every event, the verification of the certificate request. Each ends in a value or in the refusal it
 * is meant to end in (IOException, an event's problem, CsrException), never in anything else.
 */
class SyncBodyFuzzTest {

    // plain checks, not AssertJ: the fuzzer runs this millions of times
    @FuzzTest(maxDuration = "10s")
    void bodies(byte[] input) {
        EventBatch batch = null;
        try {
            batch = BackendServer.JSON.readValue(input, EventBatch.class);
        } catch (IOException refused) {
            // not an event batch: the 400 the server answers
        }
        if (batch != null && batch.events() != null) {
            for (SyncEvent event : batch.events()) {
                String problem = EventLog.problem(event);
                if (problem == null) {
                    String digest = EventLog.digest(event);
                    if (digest.length() != 64) {
                        throw new AssertionError("a digest of " + digest.length() + " characters");
                    }
                } else if (problem.isBlank()) {
                    throw new AssertionError("a refusal without words");
                }
            }
        }
        RegistrationRequest registration = null;
        try {
            registration = BackendServer.JSON.readValue(input, RegistrationRequest.class);
        } catch (IOException refused) {
            // not a registration
        }
        if (registration != null && registration.csrPem() != null) {
            try {
                BackendCa.verifiedKey(registration.csrPem());
            } catch (BackendCa.CsrException refused) {
                if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                    throw new AssertionError("a refusal without words", refused);
                }
            }
        }
    }
}

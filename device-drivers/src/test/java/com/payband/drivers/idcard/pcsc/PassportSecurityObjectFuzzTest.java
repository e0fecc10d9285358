package com.payband.drivers.idcard.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

/**
 * EF.SOD and DG1 as a chip hands them over, fuzzed through passive authentication (input: DG1's length in two
 * bytes, DG1, then EF.SOD). Passive authentication always answers with a finding, never an exception, and
 * never VALID: this console trusts no CSCA here, so the best a genuine chip gets is NOT_CHECKED.
 */
class PassportSecurityObjectFuzzTest {

    private static final PassiveAuthenticator AUTHENTICATOR = new PassiveAuthenticator(CscaTrustList.empty(),
            Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));

    @FuzzTest(maxDuration = "10s")
    void securityObject(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int dg1Length = Math.min(((input[0] & 0xFF) << 8) | (input[1] & 0xFF), input.length - 2);
        byte[] dg1 = Arrays.copyOfRange(input, 2, 2 + dg1Length);
        byte[] sod = Arrays.copyOfRange(input, 2 + dg1Length, input.length);
        PassiveAuthenticationReport report = AUTHENTICATOR.verify(sod, Map.of(1, dg1), "UTO");
        assertThat(report.finding()).isNotEqualTo(PassiveAuthenticationReport.Finding.VALID);
    }
}

package com.payband.drivers.band.ble.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Whatever arrives on the BLE host's pipes (from a console, or from a host whose natives wrote garbage): each line is
 * a message that formats back to an equal one, or is refused with MalformedLine; nothing else escapes.
 */
class HostProtocolFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void lines(byte[] input) {
        String line = new String(input, StandardCharsets.ISO_8859_1);
        try {
            HostProtocol.Message m = HostProtocol.parse(line);
            assertThat(HostProtocol.parse(m.format())).isEqualTo(m);
            assertThat(m.format()).doesNotContain("\n", "\r");
        } catch (HostProtocol.MalformedLine refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}

package com.payband.drivers.band.ble.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The BLE host's line protocol: what both ends rely on when they parse each other's lines. */
class HostProtocolTest {

    @Test
    void aMessageSurvivesItsLineAndBinaryAndTextTravelAsHex() throws Exception {
        HostProtocol.Message m = new HostProtocol.Message("42", "WRITE", Map.of("conn", "7",
                "chr", "50420002-7062-4e64-8000-00805f9b34fb", "value", HostProtocol.hex(new byte[] {0, 0x7F, -1})));
        HostProtocol.Message back = HostProtocol.parse(m.format());
        assertThat(back).isEqualTo(m);
        assertThat(back.bytes("value")).containsExactly(0, 0x7F, -1);
        assertThat(back.number("conn")).isEqualTo(7);
        assertThat(HostProtocol.text(HostProtocol.hexText("PayBand \u202E\uD83D\uDE00 名"))).isEqualTo(
                "PayBand \u202E\uD83D\uDE00 名");
        assertThat(HostProtocol.parse("* LINK_LOST conn=3").event()).isTrue();
    }

    @Test
    void linesThatAreNotTheProtocolAreRefusedNotGuessedAt() {
        for (String bad : new String[] {"", "42", "42 write", "x OK", "42 OK a=b a=c", "42 OK =b", "42 OK a b",
                "42 OK a=b c", "42 OK value=has space", "42 OK k=v\u0000", "4242424242424242424242 OK",
                "42 OK k=" + "0".repeat(HostProtocol.MAX_LINE)}) {
            assertThatThrownBy(() -> HostProtocol.parse(bad)).as(bad.length() > 40 ? "a long line" : bad)
                    .isInstanceOf(HostProtocol.MalformedLine.class);
        }
        assertThatThrownBy(() -> HostProtocol.parse("1 OK value=zz").bytes("value"))
                .isInstanceOf(HostProtocol.MalformedLine.class);
    }

    @Test
    void aPipeIsReadLineByLineAndAHugeLineIsNeverHeldWhole() throws Exception {
        java.io.Reader pipe = new java.io.StringReader("1 OK\n" + "x".repeat(1_000_000) + "\n2 OK value=00\nlast");
        assertThat(HostProtocol.readLine(pipe)).isEqualTo("1 OK");
        String huge = HostProtocol.readLine(pipe);
        assertThat(huge).hasSize(HostProtocol.MAX_LINE + 1);
        assertThatThrownBy(() -> HostProtocol.parse(huge)).isInstanceOf(HostProtocol.MalformedLine.class);
        assertThat(HostProtocol.readLine(pipe)).isEqualTo("2 OK value=00");
        assertThat(HostProtocol.readLine(pipe)).isEqualTo("last");
        assertThat(HostProtocol.readLine(pipe)).isNull();
    }
}

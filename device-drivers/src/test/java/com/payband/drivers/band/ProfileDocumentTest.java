package com.payband.drivers.band;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.protocol.BandUuids;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** band-gatt-profile.md and the code say the same: command codes, status codes, UUIDs. */
class ProfileDocumentTest {

    private static final Path PROFILE = Path.of("..", "src", "docs", "band-gatt-profile.md");

    @Test
    void everyCommandHasItsDocumentedCode() throws Exception {
        Map<String, Integer> documented = codes("\\| `0x([0-9A-F]{2})` ([A-Z_]+) \\|");
        for (Command c : Command.values()) {
            assertThat(documented).as(c.name()).containsEntry(c.name(), c.code());
        }
        assertThat(documented).hasSize(Command.values().length);
    }

    @Test
    void everyStatusHasItsDocumentedCode() throws Exception {
        String doc = Files.readString(PROFILE);
        for (Status s : Status.values()) {
            assertThat(doc).as(s.name()).contains(String.format("| `0x%02X` |", s.code()));
        }
    }

    @Test
    void theUuidsAreTheDocumentedOnes() throws Exception {
        String doc = Files.readString(PROFILE);
        assertThat(doc).contains("`" + BandUuids.SERVICE + "`");
        assertThat(doc).contains("`" + BandUuids.CONTROL_POINT.toString().substring(0, 9) + "…`");
        assertThat(doc).contains("`" + BandUuids.STATUS.toString().substring(0, 9) + "…`");
    }

    private static Map<String, Integer> codes(String regex) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = Pattern.compile(regex).matcher(Files.readString(PROFILE));
        while (m.find()) {
            out.put(m.group(2), Integer.parseInt(m.group(1), 16));
        }
        return out;
    }
}

package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.i18n.Messages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says and keeps when a command fails, and how it reads the times staff type. */
class CommandLineFailureTest {

    private final Messages messages = new Messages(Locale.ENGLISH);

    @TempDir
    Path dir;

    private CliContext contextWithLog(StringWriter err) throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        return new CliContext(messages, new PrintWriter(new StringWriter()), new PrintWriter(err),
                Map.of("PAYBAND_HOME", dir.toString()), null);
    }

    @Test
    void anUnexpectedFailureGoesIntoTheLogWithItsTraceWhereTheMessageSendsSupport() throws Exception {
        StringWriter err = new StringWriter();
        int code = CommandLineTool.report(new IllegalStateException("a bug"), "payband band scan", contextWithLog(err),
                messages);
        assertThat(code).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(err.toString()).contains("Unexpected error (IllegalStateException)").contains("logs/payband.log")
                .doesNotContain("\tat ");
        String log = Files.readString(dir.resolve("logs").resolve("payband.log"));
        assertThat(log).contains("unexpected failure of 'payband band scan'").contains("IllegalStateException: a bug")
                .contains("\tat ");
    }

    @Test
    void aFailureTheProductKnowsIsSaidAndNotLoggedAsABug() throws Exception {
        StringWriter err = new StringWriter();
        int code = CommandLineTool.report(new CliFailure(ExitCode.USAGE, "error.usage.positive", "--limit", "0"),
                "payband audit list", contextWithLog(err), messages);
        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--limit takes a whole number from 1 on, not 0.");
        Path log = dir.resolve("logs").resolve("payband.log");
        assertThat(!Files.exists(log) || !Files.readString(log).contains("unexpected failure")).isTrue();
    }

    @Test
    void timesAreAnInstantADateAndTimeOrADateOnThisComputersClock() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        assertThat(Times.parse("2026-12-01T01:30:00Z", shanghai)).contains(Instant.parse("2026-12-01T01:30:00Z"));
        assertThat(Times.parse("2026-12-01T09:30", shanghai)).contains(Instant.parse("2026-12-01T01:30:00Z"));
        assertThat(Times.parse(" 2026-12-01 ", shanghai)).contains(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(Times.parse("yesterday", shanghai)).isEmpty();
        assertThat(Times.parse("2026-13-01", shanghai)).isEmpty();
    }
}

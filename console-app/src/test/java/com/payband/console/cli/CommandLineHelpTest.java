package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Help, version and usage errors, as a separate process: what a script sees before any store exists.
 * None of these touches the data folder.
 */
class CommandLineHelpTest {

    @TempDir
    static Path temp;

    static PaybandProcess cli;

    @BeforeAll
    static void noStore() {
        cli = PaybandProcess.on(temp.resolve("data"));
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        PaybandProcess.Result help = cli.run("--help").expectSuccess();

        assertThat(help.stdout()).startsWith("Usage: payband ")
                .contains("Commands:", "admin", "staff", "reader", "customers", "audit", "db", "--data-dir", "--lang");
        assertThat(temp.resolve("data")).as("help creates no data folder").doesNotExist();
    }

    @Test
    void versionNamesTheProductAndExitsZero() {
        PaybandProcess.Result version = cli.run("--version").expectSuccess();

        assertThat(version.stdout().strip()).startsWith("PayBand Console ").doesNotContain("\n");
    }

    @Test
    void helpIsInChineseWithLangZh() {
        PaybandProcess.Result help = cli.run("--lang", "zh", "--help").expectSuccess();

        assertThat(help.stdout()).startsWith("用法：").contains("选项：", "命令：", "凭身份证登记客户")
                .doesNotContain("Usage:", "Options:", "Commands:");
    }

    @Test
    void aSubcommandAnswersHelpInTheChosenLanguage() {
        PaybandProcess.Result english = cli.run("customers", "find", "--help").expectSuccess();
        assertThat(english.stdout()).startsWith("Usage: payband customers find")
                .contains("--id-number=NUMBER", "--name=TEXT", "--reveal", "--json");

        PaybandProcess.Result chinese = cli.env("PAYBAND_LANG", "zh").run("customers", "find", "--help").expectSuccess();
        assertThat(chinese.stdout()).startsWith("用法： payband customers find").contains("--reveal")
                .doesNotContain("Usage:");
    }

    @Test
    void anUnknownOptionExits2WithOneLineOnStderr() {
        PaybandProcess.Result unknown = cli.run("reader", "list", "--no-such-option");

        assertThat(unknown.expectFailure(ExitCode.USAGE))
                .isEqualTo("payband: Unknown option or argument: --no-such-option (see: payband reader list --help)");
        assertThat(unknown.stdout()).isEmpty();
    }

    @Test
    void anUnknownOptionIsReportedInChineseWithLangZh() {
        PaybandProcess.Result unknown = cli.run("--lang", "zh", "--no-such-option");

        assertThat(unknown.expectFailure(ExitCode.USAGE))
                .isEqualTo("payband：未知的选项或参数：--no-such-option （参见：payband --help）");
        assertThat(unknown.stdout()).isEmpty();
        assertThat(Files.exists(temp.resolve("data"))).isFalse();
    }
}

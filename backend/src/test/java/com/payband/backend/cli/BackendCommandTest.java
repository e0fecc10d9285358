package com.payband.backend.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.backend.BackendMain;
import com.payband.backend.http.TestConsole;
import com.payband.backend.testpeer.SoftHsm;
import com.payband.sync.api.ApiPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's command line as an operator uses it, each command a process of its own: {@code serve} on the
 * embedded H2 file with no set-up prints its address; {@code registration-code}, {@code consoles} and
 * {@code revoke-console} go through the running backend, and straight to its database when it is stopped.
 */
class BackendCommandTest {

    @TempDir
    Path data;

    private Process serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null && serve.isAlive()) {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anOperatorServesMakesACodeListsAndRevokesConsoles() throws Exception {
        serve = java("serve", "--port", "0", "--data-dir", data.toString()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as(stderr(serve)).startsWith("PayBand backend listening on https://127.0.0.1:");
        URI url = URI.create(first.substring(first.indexOf("https://")));

        Result code = run("registration-code", "--data-dir", data.toString());
        assertThat(code.exit).as(code.err).isZero();
        assertThat(code.out.strip()).matches("([0-9A-Z]{4}-){5}[0-9A-Z]{4}");
        assertThat(run("consoles", "--data-dir", data.toString()).out).contains("No console is registered.");

        TestConsole console = TestConsole.register(url, code.out.strip(), "Shop 7");
        String consoleId = console.consoleId;
        Result listed = run("consoles", "--json", "--data-dir", data.toString());
        assertThat(listed.out).contains(consoleId).contains("Shop 7");
        assertThat(console.get(url, ApiPaths.ME).statusCode()).isEqualTo(200);

        Result revoked = run("revoke-console", consoleId, "--reason", "PC stolen", "--data-dir", data.toString());
        assertThat(revoked.exit).as(revoked.err).isZero();
        assertThat(console.get(url, ApiPaths.ME).statusCode()).isEqualTo(403);
        Result again = run("revoke-console", consoleId, "--data-dir", data.toString());
        assertThat(again.exit).isEqualTo(3);
        assertThat(again.err).contains("no console " + consoleId);

        // stopped (SIGTERM): the commands open the database themselves
        serve.destroy();
        assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(data.resolve("backend.json")).doesNotExist();
        Result offline = run("consoles", "--data-dir", data.toString());
        assertThat(offline.out).contains(consoleId).contains("revoked");
        assertThat(run("registration-code", "--data-dir", data.toString()).exit).isZero();
    }

    @Test
    void aBackendRunForAConsoleStopsWhenTheConsoleIsKilled() throws Exception {
        // the console that started it (here a stand-in process) dies by kill -9: no backend is left serving
        Process console = new ProcessBuilder("sleep", "600").start();
        try {
            serve = java("serve", "--port", "0", "--data-dir", data.toString(), "--exit-with",
                    String.valueOf(console.pid())).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as(stderr(serve)).startsWith("PayBand backend listening on https://127.0.0.1:");
            assertThat(data.resolve("backend.json")).exists();
            console.destroyForcibly();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("backend still running after its console died").isTrue();
            assertThat(serve.exitValue()).isZero();
            assertThat(data.resolve("backend.json")).as("stopped as on SIGTERM: its running file removed").doesNotExist();
        } finally {
            console.destroyForcibly();
        }
        Result none = run("serve", "--port", "0", "--data-dir", data.toString(), "--exit-with", "999999999");
        assertThat(none.exit).isEqualTo(2);
        assertThat(none.err).contains("--exit-with: no process 999999999");
    }

    @Test
    void usageErrorsSaySoWithExit2() throws Exception {
        Result r = run("serve", "--port", "-1", "--data-dir", data.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--port must be 0 to 65535");
        Result bad = run("registration-code", "--valid-hours", "0", "--data-dir", data.toString());
        assertThat(bad.exit).isEqualTo(2);
        Result url = run("consoles", "--db-url", "jdbc:mysql://x/y", "--data-dir", data.toString());
        assertThat(url.exit).isEqualTo(1);
        assertThat(url.err).contains("PostgreSQL (jdbc:postgresql:...)");
    }

    @Test
    void theIssuersKeysAreTheTokensOrTheOperatorIsToldTheyAreInSoftware() throws Exception {
        Path config = SoftHsm.shared().config();
        Result noPin = run(Map.of(), "serve", "--port", "0", "--pkcs11-config", config.toString(), "--data-dir",
                data.toString());
        assertThat(noPin.exit).isEqualTo(2);
        assertThat(noPin.err).contains("PAYBAND_ISSUER_PIN");
        Result wrongPin = run(Map.of("PAYBAND_ISSUER_PIN", "0000"), "serve", "--port", "0", "--pkcs11-config",
                config.toString(), "--data-dir", data.toString());
        assertThat(wrongPin.exit).isEqualTo(1);
        assertThat(wrongPin.err).contains("the issuer's token cannot be used").contains("PIN");

        ProcessBuilder token = java("serve", "--port", "0", "--pkcs11-config", config.toString(), "--data-dir",
                data.toString());
        token.environment().put("PAYBAND_ISSUER_PIN", SoftHsm.PIN);
        serve = token.start();
        String first = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(first).as(stderr(serve)).startsWith("PayBand backend listening on");
        assertThat(data.resolve("issuer")).doesNotExist();
        serve.destroy();
        assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();

        serve = java("serve", "--port", "0", "--data-dir", data.toString()).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
        assertThat(err.readLine()).contains("the issuer's keys are in software").contains("never production");
        assertThat(data.resolve("issuer").resolve("issuer.p12")).exists();
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = java(args);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackendMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("XDG_DATA_HOME");
        return pb;
    }

    private static String stderr(Process p) {
        try {
            return p.isAlive() ? "" : new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}

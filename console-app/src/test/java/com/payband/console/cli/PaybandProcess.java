package com.payband.console.cli;

import com.payband.console.Launcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the command line the way support scripts do: a separate JVM, {@code java -cp <this JVM's class
 * path> com.payband.console.Launcher ...}, with a controlled environment, and hands back its exit code and
 * its output decoded as UTF-8. Immutable: {@link #as}, {@link #env} and {@link #without} return a copy.
 *
 * <p>The child's environment is this JVM's minus everything that would make a run depend on the machine
 * it runs on: every {@code PAYBAND_*} variable, the language variables ({@code LANG=C.UTF-8} instead),
 * the session bus (so that key protection "auto" means a passphrase, never the developer's keyring), and
 * the JVM option variables (the JVM would announce them on stderr). {@code PAYBAND_HOME} is always set. The system
 * bus is this JVM's, which the build points at a socket of its own (console-app/pom.xml), never the machine's.
 *
 * <p>The class path is the test JVM's, but not its system properties: the child is not told of
 * {@code logback-test.xml}, so it logs exactly as the released command line does ({@code app.QuietLogging}).
 */
final class PaybandProcess {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    private static final List<String> REMOVED_VARIABLES = List.of("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
            "LC_CTYPE", "DBUS_SESSION_BUS_ADDRESS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
            "CLASSPATH");

    private final Path dataFolder;
    private final Map<String, String> env;
    private final Duration timeout;
    private final boolean shipped;

    private PaybandProcess(Path dataFolder, Map<String, String> env, Duration timeout, boolean shipped) {
        this.dataFolder = dataFolder;
        this.env = Map.copyOf(env);
        this.timeout = timeout;
        this.shipped = shipped;
    }

    /** The command line on this data folder (PAYBAND_HOME), with nothing else of PAYBAND_* set. */
    static PaybandProcess on(Path dataFolder) {
        Map<String, String> env = new HashMap<>();
        env.put("PAYBAND_HOME", dataFolder.toString());
        env.put("LANG", "C.UTF-8");
        return new PaybandProcess(dataFolder, env, DEFAULT_TIMEOUT, false);
    }

    /**
     * A new passphrase-protected store on this data folder, and the command line signed in as its administrator
     * "admin". The store is made as {@code admin init} makes it (the tests of that command run it), but in this JVM
     * with the cheapest key derivation the code accepts: every later command derives the store key from the
     * passphrase at the cost recorded with it, a tenth of the default's (a second per command on this machine).
     */
    static PaybandProcess newStoreAsAdmin(Path dataFolder, String passphrase, String password) {
        try {
            com.payband.console.app.ConsoleServices.initialise(new com.payband.console.store.DataFolder(dataFolder),
                    com.payband.console.crypto.KeyVault.Protection.PASSPHRASE, kind -> passphrase.toCharArray(), "admin",
                    password.toCharArray(), com.payband.console.TestStores.options(java.time.Clock.systemUTC())).close();
        } catch (Exception e) {
            throw new AssertionFailedError("cannot make a store in " + dataFolder, e);
        }
        return on(dataFolder).env("PAYBAND_PASSPHRASE", passphrase).as("admin", password);
    }

    Path dataFolder() {
        return dataFolder;
    }

    /**
     * Registers this store with that backend, as its administrator does ({@code backend register}; this process is
     * signed in as one): its binds, resets and payment checks go to the backend's issuer from then on.
     */
    PaybandProcess registerWith(com.payband.console.sync.TestBackend backend) {
        run("backend", "register", "--url", backend.url(), "--code", backend.code(), "--name", "Test store")
                .expectSuccess();
        return this;
    }

    /** Signs in as {@code user}: PAYBAND_USER and PAYBAND_PASSWORD. */
    /**
     * This administrator adds a member with one role, who then sets their own password: the member's process,
     * signed in with it.
     */
    PaybandProcess member(String name, String role) {
        env("PAYBAND_NEW_PASSWORD", "first password of a new member 9").run("staff", "add", name, "--role", role)
                .expectSuccess();
        as(name, "first password of a new member 9").env("PAYBAND_NEW_PASSWORD", "a member's own password 5")
                .run("password", "change").expectSuccess();
        return as(name, "a member's own password 5");
    }

    PaybandProcess as(String user, String password) {
        return env("PAYBAND_USER", user).env("PAYBAND_PASSWORD", password);
    }

    PaybandProcess env(String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return new PaybandProcess(dataFolder, copy, timeout, shipped);
    }

    PaybandProcess without(String name) {
        Map<String, String> copy = new HashMap<>(env);
        copy.remove(name);
        return new PaybandProcess(dataFolder, copy, timeout, shipped);
    }

    PaybandProcess timeout(Duration limit) {
        return new PaybandProcess(dataFolder, env, limit, shipped);
    }

    /**
     * The command line on the product's class path: this JVM's without the test classes (no test resource, such as
     * logback-test.xml, can change what it does).
     */
    PaybandProcess shipped() {
        return new PaybandProcess(dataFolder, env, timeout, true);
    }

    /** Runs {@code payband <args>} to its end (stdin closed at once: no terminal, nothing typed). */
    Result run(String... args) {
        List<String> command = javaCommand(Launcher.class, List.of(args), shipped);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("payband-out-", ".txt");
            err = Files.createTempFile("payband-err-", ".txt");
            ProcessBuilder builder = builder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            long started = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionFailedError("payband " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed.\nstdout:\n" + read(out) + "\nstderr:\n" + read(err));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new Result(List.of(args), process.exitValue(), read(out), read(err), took);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for payband " + String.join(" ", args), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * Starts a test-only main class of this class path in its own JVM, with this environment; its stdout
     * is read line by line through {@link Running#awaitLine}, its stderr goes to a file.
     */
    Running start(Class<?> mainClass, String... args) {
        List<String> command = javaCommand(mainClass, List.of(args), shipped);
        try {
            Path err = Files.createTempFile("payband-holder-err-", ".txt");
            Process process = builder(command).redirectError(err.toFile()).start();
            return new Running(mainClass.getSimpleName(), process, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> childEnv = builder.environment();
        childEnv.keySet().removeIf(name -> name.startsWith("PAYBAND_") || REMOVED_VARIABLES.contains(name));
        childEnv.putAll(env);
        builder.directory(dataFolder.getParent().toFile());
        return builder;
    }

    private static List<String> javaCommand(Class<?> mainClass, List<String> args, boolean shipped) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(SharedClasses.of(shipped).options());
        command.addAll(SHORT_LIVED);
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /**
     * A short-lived JVM: the C1 compiler alone and the serial collector cut its CPU time by about a third on a
     * two-core machine, without changing what it does.
     */
    private static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /**
     * The class path of the command line's JVMs, and the classes they share. Each command loads some 11,000
     * classes (Hibernate, Flyway, BouncyCastle), about half its time here: the first command of a test run dumps
     * them once into a class-data archive (CDS, JDK 13+) that every later JVM maps instead (about a third less
     * per command). CDS takes classes from jars only, so the build's class folders go into jars first. The JVM's
     * own log is kept off stdout and stderr, which the tests read as the command's; should the archive not map,
     * the classes load as before.
     */
    private record SharedClasses(String classPath, Path archive) {

        private static final Map<Boolean, SharedClasses> MADE = new HashMap<>();

        static synchronized SharedClasses of(boolean shipped) {
            return MADE.computeIfAbsent(shipped, SharedClasses::make);
        }

        List<String> options() {
            List<String> options = new ArrayList<>(List.of("-cp", classPath));
            if (archive != null) {
                options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable"));
            }
            return options;
        }

        private static SharedClasses make(boolean shipped) {
            List<String> entries = java.util.Arrays.stream(System.getProperty("java.class.path")
                            .split(java.io.File.pathSeparator))
                    .filter(entry -> !shipped || !Path.of(entry).getFileName().toString().equals("test-classes"))
                    .toList();
            String plain = String.join(java.io.File.pathSeparator, entries);
            try {
                Path dir = Files.createTempDirectory("payband-cds-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "deletes " + dir));
                List<String> jarred = new ArrayList<>();
                for (String entry : entries) {
                    Path path = Path.of(entry);
                    if (!Files.isDirectory(path)) {
                        jarred.add(entry);
                        continue;
                    }
                    Path jar = dir.resolve(jarred.size() + "-" + path.getFileName() + ".jar");
                    int status = java.util.spi.ToolProvider.findFirst("jar").orElseThrow().run(System.out, System.err,
                            "--create", "--no-manifest", "--file", jar.toString(), "-C", entry, ".");
                    if (status != 0) {
                        throw new IOException("jar exited with " + status + " for " + entry);
                    }
                    jarred.add(jar.toString());
                }
                String classPath = String.join(java.io.File.pathSeparator, jarred);
                Path archive = dir.resolve("cli.jsa");
                Path store = dir.resolve("store");
                List<String> dump = new ArrayList<>(List.of(JAVA, "-cp", classPath, "-XX:ArchiveClassesAtExit=" + archive,
                        "-Xlog:disable"));
                dump.addAll(SHORT_LIVED);
                // creating a store loads nearly every class a command needs
                dump.addAll(List.of(Launcher.class.getName(), "admin", "init", "--user", "admin"));
                ProcessBuilder builder = new ProcessBuilder(dump).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("dump.txt").toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("PAYBAND_")
                        || REMOVED_VARIABLES.contains(name));
                builder.environment().putAll(Map.of("PAYBAND_HOME", store.toString(), "LANG", "C.UTF-8",
                        "PAYBAND_PASSPHRASE", "the archive's own store 1", "PAYBAND_PASSWORD", "the archive's own password 1"));
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(3, TimeUnit.MINUTES)) {
                    kill(process);
                }
                if (process.isAlive() || process.exitValue() != 0 || !Files.isRegularFile(archive)) {
                    throw new IOException("the archive's run failed: " + read(dir.resolve("dump.txt")));
                }
                deleteTree(store);
                return new SharedClasses(classPath, archive);
            } catch (IOException | RuntimeException e) {
                System.err.println("The command line's JVMs share no classes (they load them slower): " + e);
                return new SharedClasses(plain, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SharedClasses(plain, null);
            }
        }
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try {
            com.payband.console.files.Folders.deleteTree(dir);
        } catch (IOException ignored) {
            // left in target/
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file in target/ is harmless
            }
        }
    }

    /** What one run of the command line did. */
    record Result(List<String> args, int exitCode, String stdout, String stderr, Duration took) {

        /** Fails, with the whole output in the message, unless the command exited with {@code expected}. */
        Result expectExit(int expected) {
            if (exitCode != expected) {
                throw new AssertionFailedError("payband " + String.join(" ", args) + ": expected exit " + expected
                        + " but was " + exitCode + "\n" + output(), expected, exitCode);
            }
            return this;
        }

        /** Exit 0 and nothing at all on stderr (no warnings, no log lines). */
        Result expectSuccess() {
            expectExit(ExitCode.OK);
            if (!stderr.isEmpty()) {
                throw new AssertionFailedError("payband " + String.join(" ", args) + " succeeded but wrote to stderr\n"
                        + output());
            }
            return this;
        }

        /**
         * Exit {@code expected} with the one-line error the command line promises: exactly one line on
         * stderr, no stack trace; returns that line.
         */
        String expectFailure(int expected) {
            expectExit(expected);
            List<String> lines = stderrLines();
            if (lines.size() != 1 || lines.get(0).isBlank()) {
                throw new AssertionFailedError("payband " + String.join(" ", args) + ": expected exactly one line on"
                        + " stderr, got " + lines.size() + "\n" + output());
            }
            String line = lines.get(0);
            if (line.contains("Exception") || line.contains("\tat ")) {
                throw new AssertionFailedError("payband " + String.join(" ", args) + ": stderr names an exception\n"
                        + output());
            }
            return line;
        }

        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\\R", -1)).stream()
                    .filter(l -> !l.isEmpty()).toList();
        }

        String output() {
            return "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr + "--- (" + took.toMillis() + " ms)";
        }
    }

    /** A started JVM that keeps running until the test releases or kills it. */
    static final class Running implements AutoCloseable {
        private final String name;
        private final Process process;
        private final Path stderr;
        private final BufferedReader stdout;
        private final java.util.concurrent.ExecutorService lineReader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stdout of a started process");
            t.setDaemon(true);
            return t;
        });

        private Running(String name, Process process, Path stderr) {
            this.name = name;
            this.process = process;
            this.stderr = stderr;
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        long pid() {
            return process.pid();
        }

        /** Reads stdout up to the first line starting with {@code prefix}, and returns that line. */
        String awaitLine(String prefix, Duration limit) {
            Future<String> line = lineReader.submit(() -> {
                for (String l = stdout.readLine(); l != null; l = stdout.readLine()) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                return null;
            });
            try {
                String found = line.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (found == null) {
                    throw new AssertionFailedError(name + " ended without printing " + prefix + "\nstderr:\n"
                            + read(stderr));
                }
                return found;
            } catch (TimeoutException e) {
                line.cancel(true);
                String errors = read(stderr);
                close();
                throw new AssertionFailedError(name + " did not print " + prefix + " within " + limit.toSeconds()
                        + " s and was killed\nstderr:\n" + errors);
            } catch (ExecutionException e) {
                throw new AssertionFailedError(name + ": cannot read its output", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("interrupted while waiting for " + name, e);
            }
        }

        /** Closes its stdin (the signal to finish) and waits for it to exit; returns its exit code. */
        int release(Duration limit) {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new AssertionFailedError(name + " did not exit within " + limit.toSeconds()
                            + " s of its stdin closing and was killed\nstderr:\n" + read(stderr));
                }
                return process.exitValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("interrupted while waiting for " + name, e);
            }
        }

        /** kill -9: the process gets no chance to close anything. */
        void killHard() {
            try {
                process.destroyForcibly();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionFailedError(name + " survived destroyForcibly for 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("interrupted while killing " + name, e);
            }
        }

        String stderr() {
            return read(stderr);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                try {
                    kill(process);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            lineReader.shutdownNow();
            deleteQuietly(stderr);
        }
    }
}

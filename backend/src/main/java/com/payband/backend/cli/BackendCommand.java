package com.payband.backend.cli;

import com.payband.backend.Backend;
import com.payband.backend.issuer.IssuerKeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.payband.backend.ca.BackendCa;
import com.payband.backend.consoles.ConsoleRecord;
import com.payband.backend.consoles.ConsoleRegistry;
import com.payband.backend.events.EventLog;
import com.payband.backend.http.BackendServer;
import com.payband.backend.store.BackendStore;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.ConsoleIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The backend's command line. Exit codes: 0 done, 1 failed, 2 usage, 3 not found. */
@Command(name = "payband-backend", mixinStandardHelpOptions = true, version = "PayBand reference backend",
        description = "The PayBand reference backend: console registration, the sync API and the issuer.",
        subcommands = {BackendCommand.Serve.class, BackendCommand.RegistrationCodeCommand.class,
                BackendCommand.ApproveReset.class,
            BackendCommand.Consoles.class, BackendCommand.RevokeConsole.class})
public final class BackendCommand {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BackendCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("payband-backend: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    /** Where the backend keeps its data. */
    static final class Storage {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data folder (CA, embedded database, token). Default: ~/.local/share/payband-backend")
        Path dataDir;

        @Option(names = "--db-url", paramLabel = "JDBC-URL",
                description = "PostgreSQL (jdbc:postgresql://HOST:PORT/DB) instead of the embedded H2 file")
        String dbUrl;

        @Option(names = "--db-user", paramLabel = "USER",
                description = "Database user; the password is read from $PAYBAND_BACKEND_DB_PASSWORD")
        String dbUser;

        DataDir dir() {
            return new DataDir(dataDir != null ? dataDir : DataDir.defaultPath());
        }

        BackendStore open() {
            return BackendStore.open(dir().path, dbUrl, dbUser, System.getenv("PAYBAND_BACKEND_DB_PASSWORD"));
        }

        /**
         * An administrative step: through the running backend's administration port when one serves from this
         * data folder (its embedded database is then locked by it), else directly on the database.
         */
        <T> T administer(Call<Admin, T> running, Call<ConsoleRegistry, T> stopped) throws Exception {
            Optional<Admin> admin = Admin.of(this);
            if (admin.isPresent()) {
                return running.run(admin.get());
            }
            try (BackendStore store = open()) {
                return stopped.run(new ConsoleRegistry(store, null, Clock.systemUTC()));
            }
        }
    }

    /** One way of doing an administrative step. */
    @FunctionalInterface
    interface Call<A, T> {
        T run(A on) throws Exception;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serves the API over TLS (and administration on a loopback-only port) until stopped.")
    static final class Serve implements Callable<Integer> {
        @Mixin
        Storage storage;

        @Option(names = "--port", defaultValue = "8443", description = "API port (0: any free port). Default: 8443")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1",
                description = "Address to listen on (0.0.0.0: every interface). Default: 127.0.0.1")
        String host;

        @Option(names = "--host-name", paramLabel = "NAME",
                description = "Name or address consoles use to reach this backend (repeatable), for its certificate")
        List<String> hostNames = new ArrayList<>();

        @Option(names = "--accept-simulated",
                description = "Take events of simulated bands, cards and issuers (demo and training backends)")
        boolean acceptSimulated;

        @Option(names = "--pkcs11-config", paramLabel = "FILE",
                description = "The issuer's keys in an HSM: a SunPKCS11 configuration file (library, slot); the"
                        + " token's PIN is read from $PAYBAND_ISSUER_PIN. Without it the keys are in software in the"
                        + " data folder (issuer/): for demo and training backends only")
        Path pkcs11Config;

        @Option(names = "--authorisations-per-minute", defaultValue = "60",
                description = "Band authorisations one console may have per minute. Default: 60")
        int authorisationsPerMinute;

        @Option(names = "--exit-with", paramLabel = "PID",
                description = "Stop when that process ends (a console that runs this backend for its demo: killed or"
                        + " crashed, it leaves no backend behind)")
        Long exitWith;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Optional<ProcessHandle> parent = Optional.empty();
            if (exitWith != null) {
                parent = ProcessHandle.of(exitWith).filter(ProcessHandle::isAlive);
                if (parent.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--exit-with: no process " + exitWith);
                }
            }
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535");
            }
            if (authorisationsPerMinute < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--authorisations-per-minute must be 1 or more");
            }
            IssuerKeys keys;
            if (pkcs11Config != null) {
                String pin = System.getenv("PAYBAND_ISSUER_PIN");
                if (pin == null || pin.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--pkcs11-config needs the token's PIN in $PAYBAND_ISSUER_PIN");
                }
                keys = IssuerKeys.pkcs11(pkcs11Config, pin.toCharArray());
            } else {
                keys = IssuerKeys.software(storage.dir().issuer());
                spec.commandLine().getErr().println("payband-backend: the issuer's keys are in software ("
                        + storage.dir().issuer() + "): a demo or training backend, never production");
            }
            DataDir dir = storage.dir();
            Backend backend = Backend.start(storage.open(), dir.ca(), keys, new Backend.Settings(host, port,
                    dir.adminToken(), hostNames, acceptSimulated, authorisationsPerMinute));
            BackendServer server = backend.server();
            BackendStore store = backend.store();
            long pid = ProcessHandle.current().pid();
            dir.writeRunning(pid, server.port(), server.adminPort());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                backend.close();
                dir.clearRunning(pid);
                stopped.countDown();
            }, "backend-stop"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("PayBand backend listening on https://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":"
                    + server.port());
            out.println("administration on http://127.0.0.1:" + server.adminPort() + " (loopback only); data in "
                    + dir.path + ", database " + store.url().replaceAll(";.*", ""));
            out.flush();
            // System.exit runs the hook above: the database is closed as on a normal stop
            parent.ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "registration-code", mixinStandardHelpOptions = true,
            description = "Prints a one-time code with which one console registers (through the running backend"
                    + " if there is one, else directly on its database).")
    static final class RegistrationCodeCommand implements Callable<Integer> {
        @Mixin
        Storage storage;

        @Option(names = "--valid-hours", defaultValue = "24", description = "How long the code is valid. Default: 24")
        int validHours;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (validHours < 1 || validHours > 720) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--valid-hours must be 1 to 720");
            }
            String code = storage.administer(
                    admin -> (String) admin.post(ApiPaths.ADMIN_REGISTRATION_CODES, Map.of("validHours", validHours))
                            .get("code"),
                    registry -> registry.createCode(Duration.ofHours(validHours)).toString());
            spec.commandLine().getOut().println(code);
            return 0;
        }
    }

    @Command(name = "consoles", mixinStandardHelpOptions = true, description = "Lists the registered consoles.")
    static final class Consoles implements Callable<Integer> {
        @Mixin
        Storage storage;

        @Option(names = "--json", description = "JSON instead of a table")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<ConsoleIdentity> consoles = storage.administer(
                    admin -> List.of(JSON.readValue(admin.get(ApiPaths.ADMIN_CONSOLES), ConsoleIdentity[].class)),
                    registry -> registry.list().stream().map(ConsoleRecord::identity).toList());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(consoles));
                return 0;
            }
            if (consoles.isEmpty()) {
                out.println("No console is registered.");
                return 0;
            }
            out.printf("%-36s  %-24s  %-20s  %-20s  %s%n", "ID", "NAME", "REGISTERED", "CERTIFICATE EXPIRES",
                    "STATE");
            for (ConsoleIdentity c : consoles) {
                out.printf("%-36s  %-24s  %-20s  %-20s  %s%n", c.consoleId(), c.name(), minutes(c.registeredAt()),
                        minutes(c.notAfter()), c.revokedAt() == null ? "active" : "revoked " + minutes(c.revokedAt()));
            }
            return 0;
        }

        private static String minutes(String instant) {
            return instant.length() > 16 ? instant.substring(0, 16).replace('T', ' ') + "Z" : instant;
        }
    }

    @Command(name = "revoke-console", mixinStandardHelpOptions = true,
            description = "Revokes a console: its certificate opens nothing from now on.")
    static final class RevokeConsole implements Callable<Integer> {
        @Mixin
        Storage storage;

        @Parameters(paramLabel = "ID", description = "The console's id (see: consoles)")
        String consoleId;

        @Option(names = "--reason", description = "Why (kept with the console)")
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            boolean done = storage.administer(
                    admin -> admin.postOrNotFound(ApiPaths.ADMIN_CONSOLES + "/" + consoleId + "/revoke",
                            reason == null ? Map.of() : Map.of("reason", reason)),
                    registry -> registry.revoke(consoleId, reason));
            if (!done) {
                spec.commandLine().getErr().println("payband-backend: no console " + consoleId
                        + " that is not already revoked (see: consoles)");
                return 3;
            }
            spec.commandLine().getOut().println("Console " + consoleId + " revoked.");
            return 0;
        }
    }

    @Command(name = "approve-reset", mixinStandardHelpOptions = true,
            description = "Approves one reset of a band whose binding was deactivated as STOLEN or FRAUD, when its"
                    + " owner cannot be re-verified (needs the running backend).")
    static final class ApproveReset implements Callable<Integer> {
        @Mixin
        Storage storage;

        @Parameters(paramLabel = "BINDING", description = "The binding's id")
        String bindingId;

        @Option(names = "--by", required = true, description = "Who approves (kept with the approval)")
        String by;

        @Option(names = "--note", description = "Why (kept with the approval)")
        String note;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Optional<Admin> admin = Admin.of(storage);
            if (admin.isEmpty()) {
                spec.commandLine().getErr().println("payband-backend: no backend serves from " + storage.dir().path
                        + "; start it (serve) and approve again");
                return 3;
            }
            Map<String, Object> body = new java.util.HashMap<>(Map.of("bindingId", bindingId, "approvedBy", by));
            if (note != null) {
                body.put("note", note);
            }
            try {
                admin.get().post(ApiPaths.ADMIN_RESET_APPROVALS, body);
            } catch (Admin.NotFound e) {
                spec.commandLine().getErr().println("payband-backend: the issuer has no binding " + bindingId);
                return 3;
            }
            spec.commandLine().getOut().println("Reset of binding " + bindingId + " approved (once).");
            return 0;
        }
    }

    /** The running backend's administration port, when a backend serves from this data folder. */
    static final class Admin {
        private final URI base;
        private final String token;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Admin(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        static Optional<Admin> of(Storage storage) throws IOException {
            DataDir dir = storage.dir();
            Optional<DataDir.Running> running = dir.running();
            if (running.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Admin(URI.create("http://127.0.0.1:" + running.get().adminPort()),
                    dir.adminToken()));
        }

        String get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path).body();
        }

        Map<?, ?> post(String path, Object body) throws IOException, InterruptedException {
            HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), path);
            return JSON.readValue(r.body(), Map.class);
        }

        boolean postOrNotFound(String path, Object body) throws IOException, InterruptedException {
            try {
                post(path, body);
                return true;
            } catch (NotFound e) {
                return false;
            }
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String path)
                throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request.header(ApiPaths.ADMIN_TOKEN_HEADER, token)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                throw new NotFound();
            }
            if (r.statusCode() != 200) {
                Map<?, ?> error = JSON.readValue(r.body(), Map.class);
                throw new IOException("the backend refused " + path + ": " + error.get("message"));
            }
            return r;
        }

        private static final class NotFound extends IOException {
            NotFound() {
                super("not found");
            }
        }
    }
}

package com.payband.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.payband.backend.ca.BackendCa;
import com.payband.backend.consoles.ConsoleRecord;
import com.payband.backend.consoles.ConsoleRegistry;
import com.payband.backend.consoles.RegistrationRefused;
import com.payband.backend.events.EventLog;
import com.payband.backend.issuer.IssuerRefusal;
import com.payband.backend.issuer.IssuerService;
import com.payband.sync.api.ApiError;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.AuthorisationRequest;
import com.payband.sync.api.BindingPreparation;
import com.payband.sync.api.EventBatch;
import com.payband.sync.api.EventBatchResult;
import com.payband.sync.api.PaymentCheck;
import com.payband.sync.api.RegistrationRequest;
import com.payband.sync.api.RenewalRequest;
import com.payband.sync.api.ResetApproval;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's HTTP side: the sync API over TLS, where every path but registration needs a registered, unrevoked
 * console's client certificate (issued by {@link BackendCa}), and the administration paths on a second,
 * plain-HTTP port bound to loopback only, guarded by a token kept in the data folder. Bodies are JSON, read
 * strictly (unknown fields, wrong types and bodies over {@link ApiPaths#MAX_BODY_BYTES} are refused with a 4xx and
 * one log line); every error is an {@link ApiError}.
 */
public final class BackendServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendServer.class);
    private static final String CONSOLE = "payband.console";
    private static final String CERTIFICATE = "payband.console.certificate";
    /** How the backend reads every body: unknown fields, nulls for primitives and trailing tokens refused. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Javalin app;
    private final ServerConnector api;
    private final ServerConnector admin;

    private BackendServer(Javalin app, ServerConnector api, ServerConnector admin) {
        this.app = app;
        this.api = api;
        this.admin = admin;
    }

    /**
     * @param host      the API's address ("0.0.0.0" for every interface)
     * @param port      the API's port (0: any free port)
     * @param adminToken what the administration paths want in {@link ApiPaths#ADMIN_TOKEN_HEADER}
     * @param hostNames names (and addresses) the server certificate is made for, beside localhost and loopback
     */
    public static BackendServer start(ConsoleRegistry registry, EventLog events, IssuerService issuer, BackendCa ca,
            String host, int port, String adminToken, List<String> hostNames) {
        char[] pass = "server".toCharArray(); // the key store lives in memory only
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(ca.serverKeyStore(pass, hostNames));
        tls.setKeyStorePassword(new String(pass));
        tls.setTrustStore(ca.trustStore());
        // registration has no certificate yet; every other path checks for one (authenticate)
        tls.setWantClientAuth(true);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ServerConnector[] connectors = new ServerConnector[2];
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = ApiPaths.MAX_BODY_BYTES;
            config.jetty.addConnector((server, httpConfig) -> {
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false); // consoles may call by address
                https.addCustomizer(secure);
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                        new HttpConnectionFactory(https));
                c.setHost(host);
                c.setPort(port);
                connectors[0] = c;
                return c;
            });
            config.jetty.addConnector((server, httpConfig) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                c.setHost(InetAddress.getLoopbackAddress().getHostAddress());
                c.setPort(0);
                connectors[1] = c;
                return c;
            });
            config.routes.before("/admin/*", ctx -> admitAdmin(ctx, connectors[1], adminToken));
            config.routes.before("/v1/*", ctx -> authenticate(ctx, connectors[1], registry));
            config.routes.post(ApiPaths.REGISTER, ctx -> {
                RegistrationRequest request = read(ctx, RegistrationRequest.class);
                try {
                    json(ctx, 200, registry.register(request));
                } catch (RegistrationRefused e) {
                    int status = e.code() == ApiErrorCode.REGISTRATION_CODE_INVALID ? 403 : 400;
                    throw new ApiFailure(status, e.code(), e.getMessage());
                }
            });
            config.routes.get(ApiPaths.ME, ctx -> json(ctx, 200, ((ConsoleRecord) ctx.attribute(CONSOLE)).identity()));
            config.routes.post(ApiPaths.RENEW, ctx -> {
                RenewalRequest request = read(ctx, RenewalRequest.class);
                try {
                    json(ctx, 200, registry.renew(ctx.attribute(CONSOLE), ctx.attribute(CERTIFICATE),
                            request.csrPem()));
                } catch (RegistrationRefused e) {
                    throw new ApiFailure(e.code() == ApiErrorCode.CONSOLE_REVOKED ? 403 : 400, e.code(), e.getMessage());
                }
            });
            config.routes.post(ApiPaths.EVENTS, ctx -> {
                EventBatch batch = read(ctx, EventBatch.class);
                if (batch.events() == null || batch.events().size() > ApiPaths.MAX_EVENTS_PER_BATCH) {
                    throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, "events: a list of at most "
                            + ApiPaths.MAX_EVENTS_PER_BATCH + " per batch");
                }
                ConsoleRecord console = ctx.attribute(CONSOLE);
                try {
                    json(ctx, 200, new EventBatchResult(events.accept(console.consoleId(), ctx.attribute(CERTIFICATE),
                            batch.events(),
                            batch.auditHead())));
                } catch (IllegalArgumentException e) {
                    throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, e.getMessage());
                } catch (EventLog.AuditRollback e) {
                    throw new ApiFailure(409, ApiErrorCode.AUDIT_ROLLBACK, "this console's audit trail is behind or"
                            + " beside the one it anchored here (" + e.getMessage() + "): its store was rolled back"
                            + " or its history rewritten; nothing of this push was stored");
                }
            });
            config.routes.get(ApiPaths.ISSUER_ROOT, ctx -> json(ctx, 200, issuer.root()));
            config.routes.get(ApiPaths.REVOCATIONS, ctx -> json(ctx, 200, issuer.revocations(
                    number(ctx.queryParam("after"), 0), (int) number(ctx.queryParam("limit"),
                            ApiPaths.MAX_REVOCATIONS_PER_PAGE))));
            config.routes.post(ApiPaths.ISSUER_BINDINGS, ctx -> json(ctx, 200,
                    issuer.prepare(consoleOf(ctx), read(ctx, BindingPreparation.class))));
            config.routes.post(ApiPaths.REVOCATIONS_IMPORTED, ctx -> json(ctx, 200, issuer.importRevocations(consoleOf(ctx),
                    read(ctx, com.payband.sync.api.ImportedRevocations.class))));
            config.routes.get(ApiPaths.ISSUER_BANDS + "/{serial}", ctx -> json(ctx, 200,
                    issuer.band(ctx.pathParam("serial"))));
            config.routes.post(ApiPaths.ISSUER_BANDS + "/{serial}/reports", ctx -> json(ctx, 200,
                    issuer.report(consoleOf(ctx), ctx.pathParam("serial"), read(ctx,
                            com.payband.sync.api.BandReport.class))));
            config.routes.get(ApiPaths.ISSUER_BINDINGS + "/{id}/history", ctx -> json(ctx, 200,
                    issuer.history(ctx.pathParam("id")).orElseThrow(() -> new ApiFailure(404,
                            ApiErrorCode.UNKNOWN_BINDING, "the issuer has no binding " + ctx.pathParam("id")))));
            config.routes.get(ApiPaths.ISSUER_BINDINGS + "/{id}", ctx -> json(ctx, 200, issuer.binding(ctx.pathParam("id"))
                    .orElseThrow(() -> new ApiFailure(404, ApiErrorCode.UNKNOWN_BINDING,
                            "the issuer has no binding " + ctx.pathParam("id")))));
            config.routes.post(ApiPaths.ISSUER_AUTHORISATIONS, ctx -> json(ctx, 200,
                    issuer.authorise(consoleOf(ctx), read(ctx, AuthorisationRequest.class))));
            config.routes.post(ApiPaths.ISSUER_PAYMENTS, ctx -> json(ctx, 200,
                    issuer.verifyPayment(consoleOf(ctx), read(ctx, PaymentCheck.class))));
            config.routes.post(ApiPaths.ADMIN_RESET_APPROVALS, ctx -> {
                ResetApproval approval = read(ctx, ResetApproval.class);
                issuer.approveReset(approval);
                json(ctx, 200, Map.of("approved", approval.bindingId()));
            });
            config.routes.exception(IssuerRefusal.class, (e, ctx) -> {
                LOG.warn("{} {} refused: {} {} ({})", ctx.method(), ctx.path(), e.status(), e.code(), e.getMessage());
                json(ctx, e.status(), new ApiError(e.code(), e.getMessage()));
            });
            config.routes.post(ApiPaths.ADMIN_REGISTRATION_CODES, ctx -> {
                CodeRequest request = ctx.req().getContentLengthLong() > 0 ? read(ctx, CodeRequest.class)
                        : new CodeRequest(null);
                Duration validity = request.validHours() == null ? ConsoleRegistry.DEFAULT_CODE_VALIDITY
                        : Duration.ofHours(request.validHours());
                try {
                    json(ctx, 200, Map.of("code", registry.createCode(validity).toString(),
                            "validHours", validity.toHours()));
                } catch (IllegalArgumentException e) {
                    throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, e.getMessage());
                }
            });
            config.routes.get(ApiPaths.ADMIN_CONSOLES,
                    ctx -> json(ctx, 200, registry.list().stream().map(ConsoleRecord::identity).toList()));
            config.routes.post(ApiPaths.ADMIN_CONSOLES + "/{id}/revoke", ctx -> {
                RevokeRequest request = ctx.req().getContentLengthLong() > 0 ? read(ctx, RevokeRequest.class)
                        : new RevokeRequest(null);
                if (!registry.revoke(ctx.pathParam("id"), request.reason())) {
                    throw new ApiFailure(404, ApiErrorCode.NOT_FOUND,
                            "no console " + ctx.pathParam("id") + " that is not already revoked");
                }
                json(ctx, 200, Map.of("revoked", ctx.pathParam("id")));
            });
            config.routes.exception(ApiFailure.class, (e, ctx) -> {
                LOG.warn("{} {} refused: {} {} ({})", ctx.method(), ctx.path(), e.status, e.code, e.getMessage());
                json(ctx, e.status, new ApiError(e.code, e.getMessage()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                json(ctx, 500, new ApiError(ApiErrorCode.INTERNAL, "the backend failed; try again"));
            });
            config.routes.error(404, ctx -> {
                if (!"application/json".equals(ctx.res().getContentType())) { // Javalin's own "not found" text
                    json(ctx, 404, new ApiError(ApiErrorCode.NOT_FOUND, "no such path: " + ctx.path()));
                }
            });
        });
        app.start();
        return new BackendServer(app, connectors[0], connectors[1]);
    }

    /** The API's port. */
    public int port() {
        return api.getLocalPort();
    }

    /** The loopback-only administration port. */
    public int adminPort() {
        return admin.getLocalPort();
    }

    /** The API's address as a console on this machine reaches it. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void admitAdmin(Context ctx, ServerConnector adminConnector, String token) {
        if (ctx.req().getLocalPort() != adminConnector.getLocalPort()) {
            throw new ApiFailure(404, ApiErrorCode.NOT_FOUND, "no such path: " + ctx.path());
        }
        String given = ctx.header(ApiPaths.ADMIN_TOKEN_HEADER);
        if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiFailure(403, ApiErrorCode.ADMIN_FORBIDDEN,
                    "administration needs the token in the backend's data folder");
        }
    }

    private static void authenticate(Context ctx, ServerConnector adminConnector, ConsoleRegistry registry) {
        if (ctx.req().getLocalPort() == adminConnector.getLocalPort()) {
            throw new ApiFailure(404, ApiErrorCode.NOT_FOUND, "the API is not on the administration port");
        }
        if (ctx.path().equals(ApiPaths.REGISTER)) {
            return;
        }
        X509Certificate[] chain = (X509Certificate[]) ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (chain == null || chain.length == 0) {
            throw new ApiFailure(401, ApiErrorCode.CLIENT_CERTIFICATE_REQUIRED,
                    "this path needs a registered console's certificate: register the console first");
        }
        // TLS has checked the chain to this backend's CA and its dates at the handshake; a kept-alive connection may
        // outlive the certificate, so its dates are checked again here
        try {
            chain[0].checkValidity();
        } catch (java.security.cert.CertificateException e) {
            throw new ApiFailure(401, ApiErrorCode.CLIENT_CERTIFICATE_REQUIRED,
                    "this console's certificate is not valid now (" + e.getMessage() + "): renew it or register again");
        }
        ConsoleRecord console = registry.byCertificate(chain[0]).orElseThrow(() -> new ApiFailure(401,
                ApiErrorCode.UNKNOWN_CONSOLE, "no console is registered with this certificate"));
        if (console.revoked()) {
            throw new ApiFailure(403, ApiErrorCode.CONSOLE_REVOKED,
                    "this console was revoked by the backend's administrator; register it again");
        }
        ctx.attribute(CONSOLE, console);
        ctx.attribute(CERTIFICATE, chain[0]);
    }

    private static long number(String value, long otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, "not a number: " + value);
        }
    }

    private static String consoleOf(Context ctx) {
        return ((ConsoleRecord) ctx.attribute(CONSOLE)).consoleId();
    }

    static <T> T read(Context ctx, Class<T> type) {
        long declared = ctx.req().getContentLengthLong();
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > ApiPaths.MAX_BODY_BYTES) {
                throw tooLarge(in, declared);
            }
            body = in.readNBytes(ApiPaths.MAX_BODY_BYTES + 1);
            if (body.length > ApiPaths.MAX_BODY_BYTES) {
                throw tooLarge(in, declared);
            }
        } catch (IOException e) {
            throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, "the body could not be read");
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, "the body is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, "not the JSON this path takes: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiFailure(400, ApiErrorCode.MALFORMED_REQUEST, "the body could not be read");
        }
    }

    /**
     * The 413 for a body over the limit. A body only a little too large is read and dropped first: answering while the
     * client still writes closes the connection under it, and the client would see a reset instead of the reason.
     * Anything larger is not worth reading and gets the answer at once.
     */
    private static ApiFailure tooLarge(InputStream in, long declared) {
        long drainable = 4L * ApiPaths.MAX_BODY_BYTES;
        if (declared <= drainable) {
            byte[] sink = new byte[8192];
            try {
                for (long left = drainable; left > 0; ) {
                    int n = in.read(sink, 0, (int) Math.min(sink.length, left));
                    if (n < 0) {
                        break;
                    }
                    left -= n;
                }
            } catch (IOException e) {
                // the client went away: nobody is left to read the answer
            }
        }
        return new ApiFailure(413, ApiErrorCode.BODY_TOO_LARGE,
                "the body is larger than " + ApiPaths.MAX_BODY_BYTES + " bytes");
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Body of {@link ApiPaths#ADMIN_REGISTRATION_CODES}. */
    record CodeRequest(Integer validHours) {
    }

    /** Body of a console's revocation. */
    record RevokeRequest(String reason) {
    }
}

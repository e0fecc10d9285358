package com.payband.console.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.sync.api.ApiError;
import com.payband.sync.api.ApiErrorCode;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.EventSignature;
import com.payband.sync.api.IssuerBinding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** HTTPS to the backend: JSON in and out, every failure a {@link BackendException} with a reason. */
final class BackendClient {

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a newer backend may say more
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    /** Connections a firewall forgot may be several (the pool keeps a few): each cut one is dropped from the pool. */
    private static final int SENDS_ON_CUT_CONNECTIONS = 3;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackendClient.class);
    private static final java.util.regex.Pattern CERTIFICATE_TROUBLE = java.util.regex.Pattern.compile(
            "certificate|PKIX|unknown_ca|subject alternative|handshake_failure", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Signs the console's requests: with a key in its own form, whose curve keeps the generator's precomputed
     * multiples, a P-256 signature costs a seventh of the JDK 17 provider's (0.10 against 0.75 ms here), which
     * bounded the push of a queue holding lost reports. Its P-256 code reads those tables and does its field
     * arithmetic in constant time; unlike the JDK's, it does not claim constant time for the whole signature (the
     * nonce passes through BigInteger), a timing channel that needs many signatures timed closely on the store's
     * own machine, where the key is in this process anyway.
     */
    private static final java.security.Provider SIGNING = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final HttpClient http;
    private final URI base;
    /** The console's key of the certificate it presents (null while registering); in SIGNING's form if it takes it. */
    private final PrivateKey key;
    /** The provider that signs with {@link #key}: SIGNING, or the key's own when it could not take the key. */
    private final java.security.Provider signer;

    private BackendClient(HttpClient http, URI base, PrivateKey key) {
        this.http = http;
        this.base = base;
        PrivateKey converted = key == null ? null : signingForm(key);
        this.key = converted != null ? converted : key;
        this.signer = converted != null ? SIGNING : null;
    }

    /** The key in SIGNING's form; null when it is not a software EC key (then the JDK's provider signs with it). */
    private static PrivateKey signingForm(PrivateKey key) {
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null || !"EC".equals(key.getAlgorithm())) {
            return null;
        }
        try {
            return java.security.KeyFactory.getInstance("EC", SIGNING)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn("the JDK's provider signs with the console's key: {}", e.toString());
            return null;
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Signs with the key of the certificate this client pushes with (base64, {@link EventSignature#ALGORITHM}): a
     * state change is then a signed request the backend keeps, not only a call over this session.
     */
    String sign(byte[] data) {
        if (key == null) {
            throw new IllegalStateException("a registering console has no key to sign with yet");
        }
        try {
            java.security.Signature signature = this.signer != null
                    ? java.security.Signature.getInstance(EventSignature.ALGORITHM, this.signer)
                    : java.security.Signature.getInstance(EventSignature.ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return java.util.Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 signatures are part of every JDK", e);
        }
    }

    /**
     * For the registration call only: nothing is pinned yet, so the server's certificate is not checked here;
     * the answer's proof (under the code's secret) is what authenticates the backend before anything is kept.
     */
    static BackendClient forRegistration(URI base) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new ProofCheckedLater()}, new SecureRandom());
            return new BackendClient(HttpClient.newBuilder().sslContext(ssl).connectTimeout(CONNECT_TIMEOUT).build(),
                    base, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
    }

    /** Mutual TLS: this console's key and certificate; only the backend's CA is trusted. */
    static BackendClient linked(URI base, PrivateKey key, X509Certificate certificate, X509Certificate ca) {
        try {
            char[] pass = "in-memory".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("console", key, pass, new X509Certificate[] {certificate, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("backend-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return new BackendClient(HttpClient.newBuilder().sslContext(ssl).connectTimeout(CONNECT_TIMEOUT).build(),
                    base, key);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the console's TLS identity cannot be set up", e);
        }
    }

    <T> T get(String path, Class<T> type) throws BackendException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), type, true);
    }

    /**
     * Whether the backend's issuer holds this binding as prepared by this console id (the one question the sync and
     * the issuer both ask, so that they answer it alike): false when it does not know the binding; any other failure
     * is thrown, for the caller to say.
     */
    boolean preparedBy(UUID bindingId, String consoleId) throws BackendException {
        try {
            return consoleId.equals(get(ApiPaths.ISSUER_BINDINGS + "/" + bindingId, IssuerBinding.class).consoleId());
        } catch (BackendException e) {
            if (e.apiError().orElse(null) == ApiErrorCode.UNKNOWN_BINDING) {
                return false;
            }
            throw e;
        }
    }

    /** A call that must not be made twice (a one-time code, a single-use authorisation, a payment code). */
    <T> T post(String path, Object body, Class<T> type) throws BackendException {
        return post(path, body, type, false);
    }

    /**
     * A call the backend takes once however often it arrives (events by their ids, imported bands by their keys):
     * sent again, once and at once, when the connection it went on was cut before an answer (a firewall that forgot an
     * idle connection resets it at the next request).
     */
    <T> T postIdempotent(String path, Object body, Class<T> type) throws BackendException {
        return post(path, body, type, true);
    }

    private <T> T post(String path, Object body, Class<T> type, boolean sendAgain) throws BackendException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), type, sendAgain);
    }

    private <T> T send(HttpRequest.Builder request, Class<T> type, boolean sendAgain) throws BackendException {
        HttpRequest built = request.timeout(CALL_TIMEOUT).build();
        HttpResponse<byte[]> r = null;
        try {
            for (int attempt = 1; r == null; attempt++) {
                try {
                    r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException cut) {
                    // a timeout is a backend too slow to ask again at once; a refused certificate stays refused
                    if (!sendAgain || attempt == SENDS_ON_CUT_CONNECTIONS
                            || cut instanceof java.net.http.HttpTimeoutException
                            || failure(cut).reason() == BackendException.Reason.TLS_FAILED) {
                        throw cut;
                    }
                    LOG.debug("{} {}: the connection was cut ({}); sent again", built.method(), built.uri(),
                            cut.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Reason.UNREACHABLE, null, "interrupted", e);
        } catch (IOException e) {
            throw failure(e);
        }
        if (r.statusCode() == 200) {
            try {
                return JSON.readValue(r.body(), type);
            } catch (IOException e) {
                throw new BackendException(BackendException.Reason.REFUSED, null, "an answer the console cannot read", e);
            }
        }
        ApiError error;
        try {
            error = JSON.readValue(r.body(), ApiError.class);
        } catch (IOException | RuntimeException e) {
            throw new BackendException(BackendException.Reason.REFUSED, null, "HTTP " + r.statusCode(), e);
        }
        ApiErrorCode code = error.error();
        BackendException.Reason reason = code == null ? BackendException.Reason.REFUSED : switch (code) {
            case REGISTRATION_CODE_INVALID -> BackendException.Reason.CODE_REFUSED;
            case CONSOLE_REVOKED -> BackendException.Reason.CONSOLE_REVOKED;
            case AUDIT_ROLLBACK -> BackendException.Reason.AUDIT_ROLLBACK;
            case UNKNOWN_CONSOLE, CLIENT_CERTIFICATE_REQUIRED -> BackendException.Reason.UNKNOWN_CONSOLE;
            default -> BackendException.Reason.REFUSED;
        };
        throw new BackendException(reason, code, "HTTP " + r.statusCode() + ": " + error.message(), null);
    }

    private static BackendException failure(IOException e) {
        // TLS_FAILED only when a certificate was refused, by us or by the backend; a connection dropped
        // mid-handshake (a proxy whose backend is down) is the backend not answering
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertificateException || c instanceof SSLException
                    && c.getMessage() != null && CERTIFICATE_TROUBLE.matcher(c.getMessage()).find()) {
                return new BackendException(BackendException.Reason.TLS_FAILED, null, c.getMessage(), e);
            }
        }
        // refused, timed out, reset, closed, an unknown host: for the user, the backend could not be reached
        return new BackendException(BackendException.Reason.UNREACHABLE, null, e.toString(), e);
    }

    /** Accepts any server during registration only; see {@link #forRegistration}. */
    private static final class ProofCheckedLater implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client's trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // deliberately unchecked: the registration answer's proof authenticates the backend
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

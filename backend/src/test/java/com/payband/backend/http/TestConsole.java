package com.payband.backend.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.backend.ca.BackendCa;
import com.payband.sync.api.RegistrationCode;
import com.payband.sync.api.RegistrationProof;
import com.payband.sync.api.RegistrationRequest;
import com.payband.sync.api.RegistrationResponse;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Plays a console against the backend in its tests (SIMULATOR of the console's side: the real one is the
 * console's sync client): makes a key and a certificate request, registers with a code, then calls with mutual
 * TLS, the backend's CA pinned.
 */
public final class TestConsole {

    public static final ObjectMapper JSON = new ObjectMapper();

    final KeyPair key;
    final X509Certificate certificate;
    final X509Certificate ca;
    public final String consoleId;
    private final HttpClient http;

    private TestConsole(KeyPair key, X509Certificate certificate, X509Certificate ca, String consoleId) {
        this.key = key;
        this.certificate = certificate;
        this.ca = ca;
        this.consoleId = consoleId;
        this.http = client(key, certificate, ca);
    }

    /** Registers, or throws with the backend's answer. */
    public static TestConsole register(URI backend, String code, String name) throws Exception {
        KeyPair key = p256();
        RegistrationCode parsed = RegistrationCode.parse(code);
        String csr = csr(key);
        HttpResponse<String> r = post(anyServer(), backend, "/v1/consoles/register", new RegistrationRequest(parsed.id(),
                name, csr, RegistrationProof.request(parsed.proofKey(), parsed.id(), name, csr)));
        if (r.statusCode() != 200) {
            throw new Refused(r.statusCode(), r.body());
        }
        RegistrationResponse answer = JSON.readValue(r.body(), RegistrationResponse.class);
        String expected = RegistrationProof.response(parsed.proofKey(), answer.consoleId(), answer.certificatePem(),
                answer.caCertificatePem());
        if (!RegistrationProof.matches(expected, answer.proof())) {
            throw new IllegalStateException("the backend's answer does not prove it knows the code");
        }
        return new TestConsole(key, BackendCa.parseCertificate(answer.certificatePem()),
                BackendCa.parseCertificate(answer.caCertificatePem()), answer.consoleId());
    }

    /** Renews with this console's certificate: the same console with a new key and certificate, or throws. */
    public TestConsole renew(URI backend) throws Exception {
        KeyPair fresh = p256();
        HttpResponse<String> r = post(backend, com.payband.sync.api.ApiPaths.RENEW,
                new com.payband.sync.api.RenewalRequest(csr(fresh)));
        if (r.statusCode() != 200) {
            throw new Refused(r.statusCode(), r.body());
        }
        var answer = JSON.readValue(r.body(), com.payband.sync.api.RenewalResponse.class);
        return new TestConsole(fresh, BackendCa.parseCertificate(answer.certificatePem()), ca, consoleId);
    }

    /** The event signed with this console's key, as a console signs a state change before it pushes it. */
    public com.payband.sync.api.SyncEvent signed(com.payband.sync.api.SyncEvent event) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance(
                    com.payband.sync.api.EventSignature.ALGORITHM);
            signer.initSign(key.getPrivate());
            signer.update(com.payband.sync.api.EventSignature.toBeSigned(event));
            return event.signed(java.util.Base64.getEncoder().encodeToString(signer.sign()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This console's mutual-TLS client. */
    public HttpClient http() {
        return http;
    }

    /** A POST of {@code body} as JSON with this console's certificate. */
    public HttpResponse<String> post(URI backend, String path, Object body) throws Exception {
        return post(http, backend, path, body);
    }

    public HttpResponse<String> get(URI backend, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(backend.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A console with this key and certificate, trusting only {@code ca} (for a forged or an old certificate). */
    static HttpClient client(KeyPair key, X509Certificate certificate, X509Certificate ca) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("console", key.getPrivate(), "x".toCharArray(), new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
            X509KeyManager keys = (X509KeyManager) kmf.getKeyManagers()[0];
            // sends its certificate whatever CAs the server names (JSSE would quietly send none for a forged
            // one): what an attacker's client does
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ssl = SSLContext.getInstance("TLS");
            // an extended key manager: HttpClient's TLS engine asks chooseEngineClientAlias, which a plain one lacks
            ssl.init(new KeyManager[] {new X509ExtendedKeyManager() {
                @Override
                public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                    return "console";
                }

                @Override
                public String[] getClientAliases(String keyType, Principal[] issuers) {
                    return new String[] {"console"};
                }

                @Override
                public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                    return "console";
                }

                @Override
                public String[] getServerAliases(String keyType, Principal[] issuers) {
                    return null;
                }

                @Override
                public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                    return null;
                }

                @Override
                public X509Certificate[] getCertificateChain(String alias) {
                    return keys.getCertificateChain(alias);
                }

                @Override
                public java.security.PrivateKey getPrivateKey(String alias) {
                    return keys.getPrivateKey(alias);
                }
            }}, tmf.getTrustManagers(), new SecureRandom());
            return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Before registration nothing is pinned: the response's proof is what authenticates the backend. */
    static HttpClient anyServer() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> post(HttpClient client, URI backend, String path, Object body) throws Exception {
        byte[] bytes = body instanceof byte[] b ? b : body instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(body);
        return client.send(HttpRequest.newBuilder(backend.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String csr(KeyPair key) throws Exception {
        return csr(key, key.getPrivate());
    }

    /** A request for {@code key}, signed by {@code signer} (another key: a forged request). */
    static String csr(KeyPair key, java.security.PrivateKey signer) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=console"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(request);
        }
        return w.toString();
    }

    /** The backend said no. */
    static final class Refused extends Exception {
        final int status;
        final String body;

        Refused(int status, String body) {
            super(status + " " + body);
            this.status = status;
            this.body = body;
        }
    }
}

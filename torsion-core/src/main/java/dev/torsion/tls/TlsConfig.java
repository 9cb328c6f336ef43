package dev.torsion.tls;

import dev.torsion.reactor.Factory;
import dev.torsion.reactor.Protocol;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * How a side speaks TLS: the {@link SSLContext} (keys and trust), the protocol versions (TLS 1.3 and 1.2
 * only by default), ALPN ({@code http/1.1} by default) and, for clients, SNI and host-name verification.
 * It makes the engines and wraps protocols or factories in {@link TlsProtocol}, whose handshake it bounds
 * (10 s by default).
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.serverFromPem(Path.of("cert.pem"), Path.of("key.pem"));
 * reactor.listenTcp("0.0.0.0", 8443, tls.wrap(site));
 * }</pre>
 *
 * <p><b>Threading.</b> Immutable and thread-safe once built.
 */
public final class TlsConfig {

    private static final String[] DEFAULT_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final SSLContext context;
    private final boolean client;
    private final boolean verifyHostname;
    private final String[] protocols;
    private final String[] applicationProtocols;
    private final Duration handshakeTimeout;

    private TlsConfig(SSLContext context, boolean client, boolean verifyHostname, String[] protocols,
                      String[] applicationProtocols) {
        this(context, client, verifyHostname, protocols, applicationProtocols, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    private TlsConfig(SSLContext context, boolean client, boolean verifyHostname, String[] protocols,
                      String[] applicationProtocols, Duration handshakeTimeout) {
        this.context = context;
        this.client = client;
        this.verifyHostname = verifyHostname;
        this.protocols = protocols;
        this.applicationProtocols = applicationProtocols;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** A server config from a PEM certificate chain (leaf first) and a PEM private key. */
    public static TlsConfig serverFromPem(Path certificateChain, Path privateKey) throws IOException,
            GeneralSecurityException {
        List<Certificate> chain = PemFiles.readCertificates(certificateChain);
        PrivateKey key = PemFiles.readPrivateKey(privateKey);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "torsion".toCharArray();
        store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
        return server(store, password);
    }

    /** A server config from a PKCS#12 keystore holding one key entry. */
    public static TlsConfig serverFromPkcs12(Path keystore, char[] password) throws IOException,
            GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        return server(store, password);
    }

    /** A server config from a ready SSLContext. */
    public static TlsConfig server(SSLContext context) {
        return new TlsConfig(context, false, false, DEFAULT_PROTOCOLS, new String[] {"http/1.1"});
    }

    /** A client config trusting the JDK's default certificate authorities, verifying host names. */
    public static TlsConfig client() throws GeneralSecurityException {
        return new TlsConfig(SSLContext.getDefault(), true, true, DEFAULT_PROTOCOLS, new String[] {"http/1.1"});
    }

    /** A client config trusting only the certificates in a PEM file (e.g. a development certificate). */
    public static TlsConfig clientTrusting(Path pemCertificates) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : PemFiles.readCertificates(pemCertificates)) {
            trust.setCertificateEntry("trusted-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return new TlsConfig(context, true, true, DEFAULT_PROTOCOLS, new String[] {"http/1.1"});
    }

    /**
     * A client config that trusts any certificate and skips host-name checks: for development against
     * self-signed servers only (what {@code --insecure} means on the command line).
     */
    public static TlsConfig insecureClient() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustEverything()}, null);
        return new TlsConfig(context, true, false, DEFAULT_PROTOCOLS, new String[] {"http/1.1"});
    }

    /** The same config with other protocol versions (e.g. only "TLSv1.3"). */
    public TlsConfig withProtocols(String... versions) {
        if (versions.length == 0) {
            throw new IllegalArgumentException("withProtocols: name at least one TLS version");
        }
        return new TlsConfig(context, client, verifyHostname, versions.clone(), applicationProtocols, handshakeTimeout);
    }

    /** The same config offering or accepting other ALPN protocols (none: no ALPN). */
    public TlsConfig withApplicationProtocols(String... names) {
        return new TlsConfig(context, client, verifyHostname, protocols, names.clone(), handshakeTimeout);
    }

    /**
     * The same config with another bound on the TLS handshake (default 10 s; {@link Duration#ZERO}: none).
     * A connection whose handshake is not done in time is aborted.
     */
    public TlsConfig withHandshakeTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the TLS handshake timeout cannot be negative, got " + timeout);
        }
        return new TlsConfig(context, client, verifyHostname, protocols, applicationProtocols, timeout);
    }

    /** The bound on the TLS handshake ({@link Duration#ZERO}: none). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The SSLContext behind this config. */
    public SSLContext context() {
        return context;
    }

    /** A server-mode engine. */
    public SSLEngine newServerEngine() {
        if (client) {
            throw new IllegalStateException("newServerEngine: this is a client TLS config");
        }
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols);
        if (applicationProtocols.length > 0) {
            p.setApplicationProtocols(applicationProtocols);
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /** A client-mode engine for {@code host:port}: SNI for a host name, and host-name verification if on. */
    public SSLEngine newClientEngine(String host, int port) {
        if (!client) {
            throw new IllegalStateException("newClientEngine: this is a server TLS config");
        }
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols);
        if (applicationProtocols.length > 0) {
            p.setApplicationProtocols(applicationProtocols);
        }
        if (!isIpLiteral(host)) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        if (verifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /** A factory that wraps every protocol {@code inner} builds in server-side TLS. */
    public Factory wrap(Factory inner) {
        return remote -> {
            Protocol application = inner.buildProtocol(remote);
            return application == null ? null : new TlsProtocol(newServerEngine(), application, handshakeTimeout);
        };
    }

    /** Wraps a client protocol in TLS for a connection to {@code host:port}. */
    public TlsProtocol wrapClient(String host, int port, Protocol application) {
        return new TlsProtocol(newClientEngine(host, port), application, handshakeTimeout);
    }

    @Override
    public String toString() {
        return "TlsConfig[" + (client ? "client" : "server") + ", " + Arrays.toString(protocols) + "]";
    }

    private static TlsConfig server(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return server(context);
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Accepts every certificate: development only. */
    private static final class TrustEverything implements X509TrustManager {
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
    }
}

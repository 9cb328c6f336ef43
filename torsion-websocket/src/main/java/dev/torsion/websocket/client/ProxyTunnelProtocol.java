package dev.torsion.websocket.client;

import dev.torsion.http.MalformedResponseException;
import dev.torsion.http.ResponseHead;
import dev.torsion.http.ResponseHeadParser;
import dev.torsion.reactor.Authority;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The protocol of a TCP connection to an HTTP proxy: sends {@code CONNECT host:port}, reads the proxy's
 * answer in whatever pieces it comes, and on a 2xx hands the connection to the protocol it carries (TLS or
 * the WebSocket handshake) with {@link Transport#switchProtocol}: from then on the transport calls that
 * protocol directly, as if it had connected without a proxy, and this one is forgotten. Any other answer
 * fails the attempt with a {@link ProxyTunnelException} that says what the proxy wanted.
 *
 * <p><b>Threading.</b> Its callbacks run on the connection's event loop. <b>Lifecycle.</b> One per attempt;
 * the carried protocol sees {@code connectionMade} only once the tunnel is open, and every callback after it
 * directly from the transport.
 */
final class ProxyTunnelProtocol implements Protocol {

    private final HttpProxy proxy;
    private final String targetHost;
    private final int targetPort;
    private final Protocol inner;
    private final CompletableFuture<?> result;
    private final ResponseHeadParser parser = new ResponseHeadParser();
    private Transport transport;

    /**
     * A tunnel through {@code proxy} to {@code targetHost:targetPort} for {@code inner}; {@code result} is
     * failed if the tunnel cannot be opened.
     */
    ProxyTunnelProtocol(HttpProxy proxy, String targetHost, int targetPort, Protocol inner, CompletableFuture<?> result) {
        this.proxy = proxy;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.inner = inner;
        this.result = result;
    }

    /** The connection's scheduler (valid once connected). */
    Scheduler scheduler() {
        return transport.scheduler();
    }

    /** Closes the connection to the proxy at once. */
    void abort() {
        transport.abortConnection();
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        String authority = Authority.of(targetHost, targetPort);
        StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (proxy.hasCredentials()) {
            request.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        request.append("\r\n");
        transport.write(ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (result.isDone()) {
            return;
        }
        ResponseHead response;
        try {
            response = parser.feed(data);
        } catch (MalformedResponseException e) {
            fail(new ProxyTunnelException(0, "the proxy " + where() + " did not answer CONNECT with HTTP: "
                    + e.getMessage()));
            return;
        }
        if (response == null) {
            return;
        }
        int status = response.status();
        if (status == 407) {
            fail(new ProxyTunnelException(status, "the proxy " + where() + " requires authentication (407 "
                    + response.reasonPhrase() + ")" + (proxy.hasCredentials() ? ": it refused the credentials"
                    : ": give credentials, e.g. http://user:password@" + where())
                    + challenge(response)));
            return;
        }
        if (status < 200 || status > 299) {
            fail(new ProxyTunnelException(status, "the proxy " + where() + " refused the tunnel to "
                    + Authority.of(targetHost, targetPort) + ": " + status + " " + response.reasonPhrase()));
            return;
        }
        transport.switchProtocol(inner);
        inner.connectionMade(transport);
        if (data.hasRemaining() && transport.isOpen()) {
            inner.dataReceived(data);
        }
    }

    @Override
    public boolean eofReceived() {
        fail(new ProxyTunnelException(0, "the proxy " + where() + " closed the connection before opening the "
                + "tunnel to " + Authority.of(targetHost, targetPort)));
        return false;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        // CONNECT is one small write; nothing waits for the socket to drain
    }

    @Override
    public void shutdownRequested() {
        transport.abortConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
        result.completeExceptionally(new ProxyTunnelException(0, "the connection to the proxy " + where()
                + " was lost before the tunnel opened: " + reason.getMessage()));
    }

    private void fail(ProxyTunnelException e) {
        if (result.completeExceptionally(e)) {
            transport.abortConnection();
        }
    }

    private String where() {
        return Authority.of(proxy.host(), proxy.port());
    }

    private static String challenge(ResponseHead response) {
        String value = response.headers().get("Proxy-Authenticate");
        return value == null ? "" : " (Proxy-Authenticate: " + value + ")";
    }
}

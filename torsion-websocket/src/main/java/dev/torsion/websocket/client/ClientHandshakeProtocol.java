package dev.torsion.websocket.client;

import dev.torsion.http.MalformedResponseException;
import dev.torsion.http.ResponseHead;
import dev.torsion.http.ResponseHeadParser;
import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.ClientHandshakeResult;
import dev.torsion.websocket.handshake.HandshakeFailedException;
import dev.torsion.websocket.handshake.HandshakeFailedException.Check;
import dev.torsion.websocket.handshake.ClientExtension;
import dev.torsion.websocket.handshake.ExtensionNegotiationException;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import java.util.ArrayList;
import java.util.List;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The client end of a connection while its opening handshake runs: writes the request, reads the response
 * head in whatever pieces it comes, checks it strictly, then hands the connection (and any frames that came
 * right behind the 101) to a client {@link TransportWebSocket} with {@link Transport#switchProtocol}: from then
 * on the transport calls the WebSocket protocol directly and this one is forgotten.
 *
 * <p><b>Threading.</b> Its callbacks run on the connection's event loop. <b>Lifecycle.</b> One per attempt;
 * the future completes with the session when the handshake succeeds, or fails with the reason (a
 * {@link HandshakeFailedException} naming the failed check, a malformed response, a timeout, a lost
 * connection).
 */
final class ClientHandshakeProtocol implements Protocol {

    private final ClientHandshake handshake;
    private final WebSocketHandler handler;
    private final WebSocketConfig config;
    private final Duration timeout;
    private final CompletableFuture<WebSocketSession> result;
    private final ResponseHeadParser parser = new ResponseHeadParser();
    private Transport transport;
    private DelayedCall timer;
    /** A refusal (a non-101 answer) whose body is being read before the attempt fails with it; else null. */
    private HandshakeFailedException refusal;
    private RefusalBody refusalBody;
    private final List<ClientExtension> extensions;

    ClientHandshakeProtocol(ClientHandshake handshake, WebSocketHandler handler, WebSocketConfig config,
                            Duration timeout, CompletableFuture<WebSocketSession> result) {
        this(handshake, handler, config, timeout, result, null);
    }

    ClientHandshakeProtocol(ClientHandshake handshake, WebSocketHandler handler, WebSocketConfig config,
                            Duration timeout, CompletableFuture<WebSocketSession> result,
                            List<ClientExtension> extensions) {
        this.extensions = extensions == null ? List.of() : extensions;
        this.handshake = handshake;
        this.handler = handler;
        this.config = config;
        this.timeout = timeout;
        this.result = result;
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        timer = transport.scheduler().callLater(timeout, () -> {
            if (refusal != null) {
                failWithRefusal();   // the server is slow with its refusal's body: say what it said so far
            } else {
                fail(new IOException("WebSocket handshake timed out after " + timeout.toMillis() + " ms"));
            }
        });
        transport.write(ByteBuffer.wrap(handshake.request().toHttpText().getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (result.isDone()) {
            return;
        }
        if (refusal != null) {
            if (refusalBody.feed(data)) {
                failWithRefusal();
            }
            return;
        }
        ResponseHead response;
        try {
            response = parser.feed(data);
        } catch (MalformedResponseException e) {
            fail(new IOException("the server's handshake response is malformed: " + e.getMessage(), e));
            return;
        }
        if (response == null) {
            return;
        }
        ClientHandshakeResult agreed;
        try {
            agreed = handshake.verify(response);
        } catch (HandshakeFailedException e) {
            if (e.check() == Check.STATUS) {
                // a refusal: read its body (a 401's explanation, a 429's advice) before failing
                refusal = e;
                refusalBody = new RefusalBody(response);
                if (refusalBody.feed(data)) {
                    failWithRefusal();
                }
                return;
            }
            fail(e);
            return;
        }
        List<NegotiatedExtension> used;
        try {
            used = accept(extensions, agreed, response.status());
        } catch (HandshakeFailedException e) {
            fail(e);
            return;
        }
        timer.cancel();
        TransportWebSocket upgraded = TransportWebSocket.client(handler, config, agreed.subprotocol().orElse(null),
                handshake.request().headers())
                .recordHandshake(handshake.uri().toString(), agreed.headers());
        upgraded.useExtensions(used);
        transport.switchProtocol(upgraded);
        upgraded.connectionMade(transport);
        result.complete(upgraded.session());
        if (data.hasRemaining()) {
            upgraded.dataReceived(data);
        }
    }

    /**
     * What each of {@code extensions} makes of the server's agreement (over HTTP/1.1 or HTTP/2), in order.
     *
     * @throws HandshakeFailedException ({@code EXTENSIONS}) when one cannot honour it
     */
    static List<NegotiatedExtension> accept(List<ClientExtension> extensions, ClientHandshakeResult agreed, int status)
            throws HandshakeFailedException {
        List<NegotiatedExtension> used = new ArrayList<>(extensions.size());
        for (ClientExtension extension : extensions) {
            try {
                extension.accept(agreed.extensions()).ifPresent(used::add);
            } catch (ExtensionNegotiationException e) {
                throw new HandshakeFailedException(Check.EXTENSIONS, status, e.getMessage());
            }
        }
        return used;
    }

    @Override
    public boolean eofReceived() {
        if (refusal != null) {
            failWithRefusal();
        } else {
            fail(new IOException("the server closed the connection during the WebSocket handshake"));
        }
        return false;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        // the request is one small write; nothing waits for the socket to drain
    }

    @Override
    public void shutdownRequested() {
        transport.abortConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
        if (timer != null) {
            timer.cancel();
        }
        if (refusal != null) {
            result.completeExceptionally(refusal.withBody(refusalBody.text()));
            return;
        }
        result.completeExceptionally(new IOException("connection lost during the WebSocket handshake: "
                + reason.getMessage(), reason));
    }

    private void failWithRefusal() {
        fail(refusal.withBody(refusalBody.text()));
    }

    private void fail(Exception e) {
        if (result.completeExceptionally(e) && transport != null) {
            transport.abortConnection();
        }
    }
}

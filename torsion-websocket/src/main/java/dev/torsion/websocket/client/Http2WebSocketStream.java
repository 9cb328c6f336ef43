package dev.torsion.websocket.client;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;
import dev.torsion.http.ResponseHead;
import dev.torsion.reactor.Transport;
import dev.torsion.web.http2.ErrorCode;
import dev.torsion.web.http2.Http2Headers;
import dev.torsion.web.http2.Http2Stream;
import dev.torsion.web.http2.Http2StreamHandler;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.handshake.ClientExtension;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.ClientHandshakeResult;
import dev.torsion.websocket.handshake.HandshakeFailedException;
import dev.torsion.websocket.handshake.NegotiatedExtension;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The client end of one WebSocket on an HTTP/2 stream while its opening handshake runs (RFC 8441 section 5):
 * the stream was opened with the extended CONNECT; this waits for the answer, checks it as
 * {@link ClientHandshake#verifyExtendedConnect} says, and on a 200 makes the stream a tunnel and hands it to a
 * client {@link TransportWebSocket} with {@link Transport#switchProtocol}. Anything else fails the attempt: a
 * refusal with a {@link HandshakeFailedException} (its status), a reset or a lost connection with an
 * {@link IOException}; the stream is then reset with CANCEL if it is still open.
 *
 * <p><b>Threading.</b> Its callbacks run on the connection's event loop; {@link #abort} may be called from any
 * thread. <b>Lifecycle.</b> One per attempt; forgotten once the WebSocket takes the stream over.
 */
final class Http2WebSocketStream implements Http2StreamHandler {

    private final ClientHandshake handshake;
    private final WebSocketHandler handler;
    private final WebSocketConfig config;
    private final List<ClientExtension> extensions;
    private final CompletableFuture<WebSocketSession> result;
    private volatile Http2Stream stream;

    Http2WebSocketStream(ClientHandshake handshake, WebSocketHandler handler, WebSocketConfig config,
                         List<ClientExtension> extensions, CompletableFuture<WebSocketSession> result) {
        this.handshake = handshake;
        this.handler = handler;
        this.config = config;
        this.extensions = extensions;
        this.result = result;
    }

    /** The extended CONNECT's header section for {@code handshake}: pseudo-headers, then its fields in lower case. */
    static Http2Headers request(ClientHandshake handshake, boolean secure) {
        var connect = handshake.extendedConnect();
        Http2Headers h = new Http2Headers().add(":method", "CONNECT").add(":protocol", connect.connectProtocol())
                .add(":scheme", secure ? "https" : "http").add(":path", connect.target())
                .add(":authority", connect.headers().get("Host"));
        connect.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) {
                h.add(name.toLowerCase(Locale.ROOT), value);
            }
        });
        return h;
    }

    @Override
    public void connectionMade(Transport transport) {
        stream = (Http2Stream) transport;
    }

    @Override
    public void headersReceived(Http2Headers headers, boolean endStream) {
        if (result.isDone()) {
            return;
        }
        int status = Integer.parseInt(headers.get(":status"));
        if (status < 200) {
            return;   // an informational answer: the real one follows
        }
        HttpHeaders fields = new HttpHeaders();
        headers.forEach((name, value) -> {
            if (name.charAt(0) != ':') {
                fields.add(name, value);
            }
        });
        ClientHandshakeResult agreed;
        List<NegotiatedExtension> used;
        try {
            agreed = handshake.verifyExtendedConnect(new ResponseHead(status, HttpStatus.reasonPhrase(status), fields));
            used = ClientHandshakeProtocol.accept(extensions, agreed, status);
        } catch (HandshakeFailedException e) {
            fail(e);
            return;
        }
        if (endStream) {
            fail(new IOException("the server ended the stream with its 200 to the extended CONNECT"));
            return;
        }
        Http2Stream s = stream;
        s.useAsTunnel();
        TransportWebSocket ws = TransportWebSocket.client(handler, config, agreed.subprotocol().orElse(null),
                handshake.extendedConnect().headers());
        ws.recordHandshake(handshake.uri().toString(), agreed.headers());
        ws.useExtensions(used).httpVersion("HTTP/2");
        s.switchProtocol(ws);
        ws.connectionMade(s);
        result.complete(ws.session());
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        data.position(data.limit());   // a refusal's body: the status said it all
    }

    @Override
    public boolean eofReceived() {
        fail(new IOException("the server ended the stream during the WebSocket handshake"));
        return false;
    }

    @Override
    public void connectionLost(Throwable reason) {
        result.completeExceptionally(new IOException("the HTTP/2 stream of the WebSocket handshake ended: "
                + reason.getMessage(), reason));
    }

    /** Gives up (a timeout): the stream is reset with CANCEL. Any thread. */
    void abort() {
        Http2Stream s = stream;
        if (s != null) {
            s.reset(ErrorCode.CANCEL);
        }
    }

    private void fail(Exception e) {
        if (result.completeExceptionally(e)) {
            abort();
        }
    }
}

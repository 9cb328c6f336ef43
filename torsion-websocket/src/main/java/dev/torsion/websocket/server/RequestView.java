package dev.torsion.websocket.server;

import dev.torsion.http.HttpHeaders;
import dev.torsion.web.Request;
import dev.torsion.websocket.handshake.HandshakeRequest;

/** Shows a torsion-web {@link Request} to the handshake logic, without copying. Lives as long as the request. */
final class RequestView implements HandshakeRequest {

    private final Request request;

    RequestView(Request request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String httpVersion() {
        return request.version();
    }

    @Override
    public String target() {
        return request.uri();
    }

    @Override
    public HttpHeaders headers() {
        return request.requestHeaders();
    }

    @Override
    public String connectProtocol() {
        return request.connectProtocol();
    }
}

package dev.torsion.websocket.server;

import dev.torsion.web.Request;
import dev.torsion.websocket.handshake.HandshakeRequest;

import java.util.List;

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
    public String header(String name) {
        return request.requestHeaders().get(name);
    }

    @Override
    public List<String> headerValues(String name) {
        return request.requestHeaders().getAll(name);
    }
}

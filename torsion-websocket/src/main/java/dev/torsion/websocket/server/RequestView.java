package dev.torsion.websocket.server;

import dev.torsion.http.HttpHeaders;
import dev.torsion.web.Request;
import dev.torsion.websocket.handshake.HandshakeRequest;

import javax.net.ssl.SSLSession;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

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

    @Override
    public String path() {
        return request.path();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return request.args();
    }

    @Override
    public String queryParameter(String name) {
        return request.getArg(name);
    }

    @Override
    public SocketAddress remoteAddress() {
        return request.remoteAddress();
    }

    @Override
    public SSLSession sslSession() {
        return request.sslSession();
    }
}

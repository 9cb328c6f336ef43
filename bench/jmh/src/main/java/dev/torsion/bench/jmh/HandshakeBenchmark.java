package dev.torsion.bench.jmh;

import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;
import dev.torsion.web.HttpConfig;
import dev.torsion.web.HttpRequestParser;
import dev.torsion.web.RequestHead;
import dev.torsion.websocket.handshake.HandshakeResult;
import dev.torsion.websocket.handshake.ServerHandshake;
import dev.torsion.websocket.handshake.SimpleHandshakeRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The server's share of an opening handshake: parsing a browser-like upgrade request with
 * {@link HttpRequestParser}, and {@link ServerHandshake#respond} (validation, the SHA-1 accept key, the
 * response fields).
 *
 * <p><b>Threading / lifecycle.</b> JMH state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandshakeBenchmark {

    static final String REQUEST = "GET /chat?room=1 HTTP/1.1\r\n"
            + "Host: server.example.com:8080\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: */*\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Origin: http://server.example.com:8080\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "Upgrade: websocket\r\n"
            + "\r\n";

    private ByteBuffer bytes;
    private HttpRequestParser parser;
    private Listener listener;
    private SimpleHandshakeRequest request;
    private final ServerHandshake handshake = ServerHandshake.builder().build();

    /** Hands the parsed head to the blackhole. */
    static final class Listener implements HttpRequestParser.Listener {
        Blackhole blackhole;

        @Override
        public void headReceived(RequestHead head) {
            blackhole.consume(head);
        }

        @Override
        public void bodyReceived(ByteBuffer data) {
        }

        @Override
        public void requestReceived(HttpHeaders trailers) {
        }
    }

    @Setup
    public void setup(Blackhole blackhole) {
        bytes = ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
        parser = new HttpRequestParser(HttpConfig.defaults());
        listener = new Listener();
        listener.blackhole = blackhole;
        SimpleHandshakeRequest.Builder b = SimpleHandshakeRequest.builder().method("GET").httpVersion("HTTP/1.1")
                .target("/chat?room=1");
        for (String line : REQUEST.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("GET ")) {
                b.header(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        request = b.build();
    }

    /** Parses the upgrade request's head (the parser resets itself for the next request). */
    @Benchmark
    public boolean parseUpgradeRequest() throws HttpError {
        bytes.rewind();
        return parser.parse(bytes, listener);
    }

    /** Validates the request and builds the 101 answer. */
    @Benchmark
    public HandshakeResult respond() {
        return handshake.respond(request);
    }
}

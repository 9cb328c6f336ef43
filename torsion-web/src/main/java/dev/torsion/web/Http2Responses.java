package dev.torsion.web;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;
import dev.torsion.web.http2.Http2Headers;
import dev.torsion.web.http2.Http2Stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP/2 form of a response head (RFC 9113 section 8.3.2): {@code :status}, then the resource's fields
 * with lower-case names and the defaults ({@code date}, {@code server}), without the connection-specific
 * fields HTTP/2 forbids ({@code connection}, {@code keep-alive}, {@code proxy-connection},
 * {@code transfer-encoding}, {@code upgrade}); and the bare error answers sent when no resource could be.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class Http2Responses {

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    private Http2Responses() {
    }

    /** The head of a response with {@code status}; adds {@code Date} and {@code Server} to {@code headers} unless set. */
    static Http2Headers head(int status, HttpHeaders headers, HttpConfig config) {
        if (!headers.contains("Date")) {
            headers.add("Date", HttpDate.now(config.clock()));
        }
        if (config.serverName() != null && !headers.contains("Server")) {
            headers.add("Server", config.serverName());
        }
        Http2Headers h = new Http2Headers().add(":status", Integer.toString(status));
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            if (!CONNECTION_SPECIFIC.contains(name)) {
                h.add(name, headers.value(i));
            }
        }
        return h;
    }

    /** Answers {@code status} with its reason as text and ends the stream (a failure outside any resource). */
    static void sendError(Http2Stream stream, HttpConfig config, int status) {
        byte[] text = (status + " " + HttpStatus.reasonPhrase(status) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        HttpHeaders headers = new HttpHeaders().add("Content-Type", "text/plain; charset=utf-8")
                .add("Content-Length", Integer.toString(text.length));
        stream.sendHeaders(head(status, headers, config), false);
        stream.write(ByteBuffer.wrap(text));
        stream.loseConnection();
    }
}

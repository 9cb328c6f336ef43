package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.web.HttpConfig;
import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpTokens;
import dev.torsion.web.HttpRequestParser;
import dev.torsion.web.RequestHead;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * Fuzz targets for the server side of the opening handshake.
 *
 * <p>{@link #serverAnswersEveryRequest}: bytes go through the HTTP request parser, as on a real connection,
 * and every request it accepts goes to a {@link ServerHandshake} with subprotocols and permessage-deflate.
 * Properties: {@code respond} never throws; a refusal is one of the specified statuses (400, 403, 405, 426)
 * with a message, never a 500 (which would mean a negotiator threw); an acceptance carries the right
 * {@code Sec-WebSocket-Accept}, a subprotocol the client offered, extensions the client offered, and a
 * {@code Sec-WebSocket-Extensions} answer that parses again.
 *
 * <p>{@link #headerListsRoundTrip}: arbitrary header values for {@code Sec-WebSocket-Extensions} and
 * {@code Sec-WebSocket-Protocol}. Properties: only the parsers' own exceptions, and what parses formats
 * back to text that parses to the same elements.
 */
class HandshakeFuzzTest {

    private static final HttpConfig HTTP = HttpConfig.defaults();
    private static final Set<Integer> REFUSALS = Set.of(400, 403, 405, 426);
    private static final PerMessageDeflateServer DEFLATE = PerMessageDeflateServer.builder().build();
    private static final ServerHandshake SERVER = ServerHandshake.builder()
            .subprotocols("chat", "superchat")
            .extension(DEFLATE)
            .build();

    @FuzzTest(maxDuration = "")
    void serverAnswersEveryRequest(byte[] wire) {
        RequestHead head = parseHead(wire);
        if (head == null) {
            return;
        }
        HandshakeRequest request = new HeadView(head);
        HandshakeResult result = SERVER.respond(request);
        if (result instanceof HandshakeRejected rejected) {
            assertThat(rejected.status()).as("refusal %s", rejected).isIn(REFUSALS);
            assertThat(rejected.cause()).as("refusal caused by an exception").isEmpty();
            assertThat(rejected.body()).isNotBlank();
            return;
        }
        HandshakeAccepted accepted = (HandshakeAccepted) result;
        HttpHeaders headers = accepted.headers();
        String key = HttpTokens.trimWhitespace(request.headers().get("Sec-WebSocket-Key"));
        assertThat(headers.get("Sec-WebSocket-Accept")).isEqualTo(WebSocketKey.accept(key));
        accepted.subprotocol().ifPresent(chosen -> assertThat(offeredSubprotocols(request)).contains(chosen));
        for (NegotiatedExtension extension : accepted.extensions()) {
            assertThat(request.headers().getAll(ExtensionHeader.NAME).toString().toLowerCase())
                    .contains(extension.name().toLowerCase());
        }
        List<String> answer = headers.getAll(ExtensionHeader.NAME);
        if (!answer.isEmpty()) {
            try {
                assertThat(ExtensionHeader.parse(answer)).hasSize(accepted.extensions().size());
            } catch (MalformedHeaderException e) {
                throw new AssertionError("the server's own Sec-WebSocket-Extensions does not parse: " + answer, e);
            }
        }
    }

    @FuzzTest(maxDuration = "")
    void headerListsRoundTrip(FuzzedDataProvider data) {
        List<String> values = List.of(data.consumeString(200), data.consumeRemainingAsString());
        try {
            List<ExtensionOffer> parsed = ExtensionHeader.parse(values);
            String formatted = ExtensionHeader.format(parsed);
            assertThat(ExtensionHeader.parse(List.of(formatted))).as("format then parse of %s", formatted).isEqualTo(parsed);
        } catch (MalformedHeaderException malformed) {
            assertThat(malformed.getMessage()).isNotBlank();
        }
        try {
            List<String> names = SubprotocolHeader.parse(values);
            assertThat(names).isNotEmpty().allMatch(HttpTokens::isToken);
            assertThat(SubprotocolHeader.parse(List.of(String.join(", ", names)))).isEqualTo(names);
        } catch (IllegalArgumentException malformed) {
            assertThat(malformed.getMessage()).startsWith(SubprotocolHeader.NAME);
        }
    }

    private static List<String> offeredSubprotocols(HandshakeRequest request) {
        return SubprotocolHeader.parse(request.headers().getAll(SubprotocolHeader.NAME));
    }

    /** The head of the first request in {@code wire}, or null when the HTTP parser refuses it or it is incomplete. */
    private static RequestHead parseHead(byte[] wire) {
        HttpRequestParser parser = new HttpRequestParser(HTTP);
        RequestHead[] head = new RequestHead[1];
        ByteBuffer in = ByteBuffer.wrap(wire);
        try {
            while (in.hasRemaining() && head[0] == null) {
                parser.parse(in, new HttpRequestParser.Listener() {
                    @Override
                    public void headReceived(RequestHead h) {
                        head[0] = h;
                    }

                    @Override
                    public void bodyReceived(ByteBuffer data) {
                    }

                    @Override
                    public void requestReceived(HttpHeaders trailers) {
                    }
                });
            }
        } catch (HttpError refused) {
            return null;
        }
        return head[0];
    }

    /** The handshake's view of a parsed head, as the server's own adapter gives it. */
    private record HeadView(RequestHead head) implements HandshakeRequest {

        @Override
        public String method() {
            return head.method();
        }

        @Override
        public String httpVersion() {
            return head.version();
        }

        @Override
        public String target() {
            return head.target();
        }

        @Override
        public HttpHeaders headers() {
            return head.headers();
        }
    }
}

package dev.torsion.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.http.MalformedResponseException;
import dev.torsion.http.ResponseHead;
import dev.torsion.http.ResponseHeadParser;
import dev.torsion.websocket.deflate.DeflateNegotiationException;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.ClientHandshakeResult;
import dev.torsion.websocket.handshake.HandshakeFailedException;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Fuzz target: the client's reading of a handshake answer, from bytes to an agreement. The bytes go to a
 * {@link ResponseHeadParser} whole and cut into random pieces; the head it returns goes to
 * {@link ClientHandshake#verify} (a client offering two subprotocols and permessage-deflate, with a fixed key
 * so that the seeds can carry the right {@code Sec-WebSocket-Accept}), and an accepted answer's extensions
 * to {@link PerMessageDeflateClient#accept}. Properties: only the specified exceptions
 * ({@link MalformedResponseException}, {@link HandshakeFailedException}, {@code DeflateNegotiationException}),
 * each with a message; whole and pieces give the same head or the same error, and leave the buffer at the
 * same byte (the first frame byte after the head).
 */
class ResponseHeadParserFuzzTest {

    private static final PerMessageDeflateClient DEFLATE =
            PerMessageDeflateClient.builder().requestServerNoContextTakeover(true).build();
    private static final ClientHandshake CLIENT = ClientHandshake.builder(URI.create("ws://example.com/chat"))
            .random(new Random(1))
            .subprotocols("chat", "superchat")
            .extensions(DEFLATE.offers())
            .build();

    @FuzzTest(maxDuration = "")
    void clientReadsEveryResponse(FuzzedDataProvider data) {
        int maxHead = data.consumeBoolean() ? 256 : 16 * 1024;
        long splitSeed = data.consumeInt();
        byte[] wire = data.consumeRemainingAsBytes();

        Outcome whole = read(maxHead, wire, wire.length, splitSeed);
        Outcome pieces = read(maxHead, wire, 1 + new Random(splitSeed).nextInt(16), splitSeed);
        assertThat(pieces).as("cut into pieces").isEqualTo(whole);
        if (whole.response == null) {
            return;
        }
        ResponseHead response = whole.response;
        ClientHandshakeResult result;
        try {
            result = CLIENT.verify(response);
        } catch (HandshakeFailedException failed) {
            assertThat(failed.getMessage()).isNotBlank();
            return;
        }
        result.subprotocol().ifPresent(chosen -> assertThat(chosen).isIn("chat", "superchat"));
        try {
            DEFLATE.accept(result.extensions());
        } catch (DeflateNegotiationException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** The head (or the error) and the bytes left behind it, feeding {@code wire} in pieces of at most {@code maxPiece}. */
    private static Outcome read(int maxHead, byte[] wire, int maxPiece, long seed) {
        ResponseHeadParser parser = new ResponseHeadParser(maxHead);
        Random random = new Random(seed);
        int i = 0;
        try {
            while (i < wire.length) {
                int n = Math.min(wire.length - i, 1 + random.nextInt(Math.max(1, maxPiece)));
                ByteBuffer piece = ByteBuffer.wrap(wire, i, n);
                ResponseHead response = parser.feed(piece);
                i = piece.position();
                if (response != null) {
                    assertThat(parser.isDone()).isTrue();
                    return new Outcome(response, null, i);
                }
            }
            return new Outcome(null, null, i);
        } catch (MalformedResponseException malformed) {
            assertThat(malformed.getMessage()).isNotBlank();
            return new Outcome(null, malformed.getMessage(), -1);
        }
    }

    private record Outcome(ResponseHead response, String error, int end) {
    }
}

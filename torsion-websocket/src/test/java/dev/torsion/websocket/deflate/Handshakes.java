package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.http.ResponseHead;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.ClientHandshakeResult;
import dev.torsion.websocket.handshake.ExtensionHeader;
import dev.torsion.websocket.handshake.ExtensionOffer;
import dev.torsion.websocket.handshake.HandshakeAccepted;
import dev.torsion.websocket.handshake.HandshakeResult;
import dev.torsion.websocket.handshake.MalformedHeaderException;
import dev.torsion.websocket.handshake.ServerHandshake;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Runs real opening handshakes between a {@link PerMessageDeflateClient} and a {@link PerMessageDeflateServer}. */
final class Handshakes {

    private Handshakes() {
    }

    /** The two ends' agreements, after a full client request / server response / client check. */
    record Agreed(PerMessageDeflateExtension server, PerMessageDeflateExtension client, String responseHeader) {
    }

    static Agreed negotiate(PerMessageDeflateServer server, PerMessageDeflateClient client) throws Exception {
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://example.com/chat"))
                .extensions(client.offers()).build();
        HandshakeResult result = ServerHandshake.builder().extension(server).build().respond(handshake.request());
        assertThat(result).isInstanceOf(HandshakeAccepted.class);
        HandshakeAccepted accepted = (HandshakeAccepted) result;
        ClientHandshakeResult verified = handshake.verify(
                new ResponseHead(101, "Switching Protocols", accepted.headers()));
        Optional<PerMessageDeflateExtension> clientSide = client.accept(verified.extensions());
        assertThat(accepted.extensions()).hasSize(1);
        assertThat(clientSide).isPresent();
        return new Agreed((PerMessageDeflateExtension) accepted.extensions().get(0), clientSide.get(),
                accepted.headers().get(ExtensionHeader.NAME));
    }

    /** The offers in a header value, as the server handshake reads them. */
    static List<ExtensionOffer> parse(String headerValue) {
        try {
            return ExtensionHeader.parse(List.of(headerValue));
        } catch (MalformedHeaderException e) {
            throw new AssertionError(e);
        }
    }
}

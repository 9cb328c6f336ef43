package dev.torsion.websocket.handshake;

import java.util.List;
import java.util.Optional;

/**
 * The server side of one extension's negotiation (RFC 6455 section 9.1): given the client's offers of this
 * extension, accept one of them with response parameters, or decline them all.
 *
 * <p>A {@link ServerHandshake} asks each of its negotiators in the order they were configured, passing the
 * offers whose name matches {@link #name()} (ignoring case), in the client's order of preference; a
 * negotiator is not called when its extension was not offered. It should accept the first offer it can
 * honour and must decline, not fail, an offer whose parameters it does not understand (RFC 7692 section 5
 * spells this out for permessage-deflate). A negotiator that claims a reserved bit already claimed by an
 * extension accepted before it is declined by the handshake. Throwing, returning {@code null}, or returning
 * an extension with another name is a server bug and answers {@code 500}.
 *
 * <p><b>Threading.</b> One negotiator serves every handshake of a {@link ServerHandshake}, possibly on
 * several threads at once: it must be thread-safe. The {@link NegotiatedExtension} it returns belongs to one
 * connection.
 */
public interface ExtensionNegotiator {

    /** The name of the extension this negotiator handles, for example {@code permessage-deflate}. */
    String name();

    /**
     * Accepts one of {@code offers} (non-empty, unmodifiable, each named {@link #name()}) or declines them all
     * with {@link Optional#empty()}.
     */
    Optional<NegotiatedExtension> negotiate(List<ExtensionOffer> offers);
}

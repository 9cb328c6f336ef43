package dev.torsion.websocket.handshake;

/**
 * A server's answer for an extension that the client must not accept (malformed, or not honouring what was
 * offered): a {@link ClientExtension} throws it and the client fails the connection (the handshake just
 * ended: no close frame), reporting it as a failed {@link HandshakeFailedException.Check#EXTENSIONS} check.
 *
 * <p>Immutable once thrown; not meant to be shared.
 */
public class ExtensionNegotiationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A refusal described by {@code message}. */
    public ExtensionNegotiationException(String message) {
        super(message);
    }
}

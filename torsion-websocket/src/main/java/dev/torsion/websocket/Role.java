package dev.torsion.websocket;

/**
 * Which end of a WebSocket connection this is. The only difference on the wire is masking: a client masks
 * every frame it sends and requires the server's frames unmasked; a server requires masked frames and sends
 * unmasked ones. The server also closes TCP first at the end of a closing handshake. With permessage-deflate
 * the role also decides which half of the {@link dev.torsion.websocket.deflate.DeflateAgreement} governs
 * sending (the {@code server_*} parameters for a server, the {@code client_*} ones for a client) and which
 * governs receiving. Constants; safe from any thread.
 */
public enum Role {
    /**
     * The end that accepted the connection and answered the handshake; it compresses under the
     * {@code server_*} parameters.
     */
    SERVER,
    /**
     * The end that opened the connection and sent the handshake request; it compresses under the
     * {@code client_*} parameters.
     */
    CLIENT
}

package dev.torsion.websocket;

/**
 * Which end of a WebSocket connection this is. The only difference on the wire is masking: a client masks
 * every frame it sends and requires the server's frames unmasked; a server requires masked frames and sends
 * unmasked ones. The server also closes TCP first at the end of a closing handshake.
 */
public enum Role {
    /** The end that accepted the connection and answered the handshake. */
    SERVER,
    /** The end that opened the connection and sent the handshake request. */
    CLIENT
}

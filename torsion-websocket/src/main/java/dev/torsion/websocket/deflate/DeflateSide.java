package dev.torsion.websocket.deflate;

/**
 * Which end of the connection a {@link PerMessageDeflate} codec serves. It decides which half of the
 * {@link DeflateAgreement} governs sending (the server's parameters for a server, the client's for a
 * client) and which governs receiving. Constants; safe from any thread.
 */
public enum DeflateSide {
    /** The end that accepted the connection; it compresses under the {@code server_*} parameters. */
    SERVER,
    /** The end that opened the connection; it compresses under the {@code client_*} parameters. */
    CLIENT
}

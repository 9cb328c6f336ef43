package dev.torsion.cli.bench;

/**
 * Which client drives echo mode.
 *
 * <p><b>Threading / lifecycle.</b> Immutable constants.
 */
public enum EchoClient {
    /** {@link LeanEchoConnection}: pre-masked frames, echoes checked in the read buffer; costs least. */
    lean,
    /** {@link EchoClientHandler} on the Torsion {@code WebSocketClient}: the library's own session API. */
    session
}

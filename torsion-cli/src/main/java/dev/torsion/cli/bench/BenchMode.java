package dev.torsion.cli.bench;

/**
 * What {@code torsion bench} measures.
 *
 * <p><b>Threading / lifecycle.</b> Immutable constants.
 */
public enum BenchMode {
    /** Messages echoed: each connection keeps {@code depth} messages in flight and checks every echo. */
    echo,
    /** Opening handshakes: connect, handshake, close, repeat, on {@code connections} connections at a time. */
    handshake,
    /** Idle connections: open {@code connections} and hold them for the duration. */
    idle,
    /**
     * Broadcast: {@code connections} subscribers and {@code --publishers} publishers on a server that sends every
     * message to every connection; deliveries per second.
     */
    fanout
}

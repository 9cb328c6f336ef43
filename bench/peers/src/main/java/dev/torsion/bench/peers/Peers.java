package dev.torsion.bench.peers;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * Entry point of {@code peers.jar}: {@code java -jar peers.jar <name> --port N [--host H] [--deflate]}.
 * Dispatches on the peer's name; each peer prints {@code listening on H:N} once it accepts
 * connections and stops cleanly on SIGTERM (through a JVM shutdown hook).
 */
public final class Peers {

    /** A benchmark peer: binds, prints the ready line, and serves until the JVM shuts down. */
    @FunctionalInterface
    interface Peer {
        void run(Options options) throws Exception;
    }

    private static final Map<String, Peer> PEERS = Map.of(
            "netty-ws", NettyWsPeer::run,
            "netty-http", NettyHttpPeer::run,
            "netty-h2", NettyH2Peer::run,
            "netty-fanout", NettyFanoutPeer::run,
            "java-websocket", JavaWebSocketPeer::run,
            "jetty-ws", JettyWsPeer::run);

    private Peers() {
    }

    public static void main(String[] args) throws Exception {
        Peer peer = args.length == 0 ? null : PEERS.get(args[0]);
        if (peer == null) {
            usage(args.length == 0 ? "no peer named" : "unknown peer: " + args[0]);
            return;
        }
        Options options;
        try {
            options = Options.parse(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        try {
            peer.run(options);
        } catch (Exception e) {
            System.err.println("peers: " + args[0] + " failed: " + e);
            System.exit(1);
        }
    }

    /** Prints the ready line the benchmark scripts wait for. */
    static void ready(String host, int port) {
        System.out.println("listening on " + host + ":" + port);
        System.out.flush();
    }

    private static void usage(String problem) {
        System.err.println("peers: " + problem);
        System.err.println("usage: java -jar peers.jar <" + String.join("|", new TreeSet<>(PEERS.keySet()))
                + "> --port N [--host H] [--deflate]");
        System.exit(2);
    }
}

package dev.torsion.cli.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One run's settings, as parsed from the command line and checked.
 *
 * @param uri          the server, {@code ws://host:port/path}
 * @param mode         what is measured
 * @param connections  connections (echo, idle) or concurrent handshake loops (handshake)
 * @param size         payload bytes per message (echo)
 * @param depth        messages in flight per connection (echo)
 * @param duration     the measured window (idle: how long the connections are held)
 * @param warmup       load before the measured window, not counted
 * @param text         text messages (ASCII) instead of binary
 * @param threads      the client's event loops
 * @param sources      source addresses to spread idle connections over (127.0.0.2 onwards), 0 = none
 * @param serverPid    the server's process id, to report its CPU time over the window, or 0
 * @param readyFile    idle: a file written once every connection is open, or null
 * @param client       echo mode's client: the lean one or the Torsion {@code WebSocketClient}
 * @param deflate      offer permessage-deflate (session client)
 * @param http2Streams 0: the HTTP/1.1 upgrade; n: WebSocket over HTTP/2 (RFC 8441, h2c with prior knowledge), up
 *                     to n WebSockets per connection (session client)
 *
 * <p><b>Threading / lifecycle.</b> Immutable.
 */
public record BenchSettings(URI uri, BenchMode mode, int connections, int size, int depth, Duration duration,
                            Duration warmup, boolean text, int threads, int sources, long serverPid,
                            Path readyFile, EchoClient client, boolean deflate, int http2Streams) {

    /** Checks the settings; throws {@link IllegalArgumentException} naming the first bad one. */
    public BenchSettings {
        String scheme = uri.getScheme();
        if (!"ws".equals(scheme)) {
            throw new IllegalArgumentException("the URL must be ws://host:port/path, got: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host: " + uri);
        }
        require(connections >= 1, "--connections must be at least 1");
        require(size >= 0, "--size must not be negative");
        require(depth >= 1, "--depth must be at least 1");
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(!warmup.isNegative(), "--warmup must not be negative");
        require(threads >= 1, "--threads must be at least 1");
        require(sources >= 0 && sources <= 250, "--sources must be between 0 and 250");
        require(!deflate || mode == BenchMode.echo && client == EchoClient.session,
                "--deflate needs echo mode with --client session (the lean client does not compress)");
        require(http2Streams >= 0, "--http2-streams must be at least 1");
        require(http2Streams == 0 || mode == BenchMode.echo && client == EchoClient.session,
                "--http2 needs echo mode with --client session (the lean client speaks HTTP/1.1)");
    }

    /** The server's port (the URL's, or 80). */
    public int port() {
        return uri.getPort() < 0 ? 80 : uri.getPort();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

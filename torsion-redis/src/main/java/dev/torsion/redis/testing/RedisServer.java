package dev.torsion.redis.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) for tests: started as a child process on a free loopback port,
 * with its own config file and data folder under {@code dir} (no system service), append-only file on and
 * fsynced at every write so that a restart keeps every stream. {@link #stop} and {@link #start} restart it on
 * the same port with the same data; {@link #close} stops it for good. See {@link LocalProcess} for how it dies
 * with the test.
 *
 * <p><b>Threading.</b> Not thread-safe: one test drives it. <b>Lifecycle.</b> {@link #start(Path)} to
 * {@link #close}.
 */
public final class RedisServer implements AutoCloseable {

    /** Where Debian installs it. */
    public static final String BINARY = "/usr/bin/redis-server";

    private final Path dir;
    private final int port;
    private final String password;
    private final Path[] tls;
    private LocalProcess process;

    private RedisServer(Path dir, int port, String password, Path... tls) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.tls = tls;
    }

    /** Starts a Redis with no password in {@code dir}. */
    public static RedisServer start(Path dir) throws IOException {
        return start(dir, null);
    }

    /** Starts a Redis in {@code dir}; clients must log in with {@code password} if it is not null. */
    public static RedisServer start(Path dir, String password) throws IOException {
        return start(new RedisServer(dir, LocalProcess.freePort(), password));
    }

    /** Starts a Redis that speaks only TLS ({@code rediss://}), with this PEM certificate and key. */
    public static RedisServer startTls(Path dir, Path certificate, Path key) throws IOException {
        return start(new RedisServer(dir, LocalProcess.freePort(), null, certificate, key));
    }

    private static RedisServer start(RedisServer server) throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package redis-server "
                    + "(.ci/run does)");
        }
        Path dir = server.dir;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("redis.conf"), server.config(), StandardCharsets.UTF_8);
        server.start();
        return server;
    }

    private String config() {
        String listen = tls.length == 0 ? "port " + port + "\n"
                : "port 0\ntls-port " + port + "\ntls-cert-file " + tls[0].toAbsolutePath() + "\ntls-key-file "
                + tls[1].toAbsolutePath() + "\ntls-ca-cert-file " + tls[0].toAbsolutePath() + "\ntls-auth-clients no\n";
        return "bind 127.0.0.1\n"
                + listen
                + "daemonize no\n"
                + "dir " + dir.toAbsolutePath() + "\n"
                + "appendonly yes\n"
                + "appendfsync always\n"
                + "save \"\"\n"
                + "protected-mode yes\n"
                + (password == null ? "" : "requirepass " + password + "\n")
                + "logfile \"\"\n";
    }

    /** Starts it (again) and waits until it accepts connections. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is already running on port " + port);
        }
        process = LocalProcess.start("redis-server:" + port, List.of(BINARY, dir.resolve("redis.conf").toString()),
                dir, dir.resolve("redis.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited at start; see " + dir.resolve("redis.log"));
                }
                sleepBriefly();
            }
        }
        throw new IOException("redis-server did not listen on port " + port + " within 15 s");
    }

    /** Stops it (SIGTERM, then SIGKILL after 5 s); its data stays for {@link #start()}. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
        }
    }

    /** SIGKILL: Redis dies at once (the append-only file still has every acknowledged write). */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://[:password@]127.0.0.1:PORT}, or {@code rediss://127.0.0.1:PORT} with TLS. */
    public String uri() {
        return (tls.length == 0 ? "redis://" : "rediss://") + (password == null ? "" : ":" + password + "@")
                + "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);   // polling a port that is about to open
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

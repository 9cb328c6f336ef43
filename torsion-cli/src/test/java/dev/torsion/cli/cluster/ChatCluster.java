package dev.torsion.cli.cluster;

import dev.torsion.redis.testing.LocalProcess;
import dev.torsion.redis.testing.RedisServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Test fixture: a real redis-server, three {@code torsion chat --redis} nodes (child JVMs) and a real nginx in
 * front of them, all on free loopback ports with their own files under one folder, stopped by PID
 * ({@link LocalProcess}: they die with the test even if the JVM is killed). nginx proxies WebSocket
 * ({@code proxy_http_version 1.1}, the {@code Upgrade}/{@code Connection} headers, timeouts) on three ports:
 * {@link #balanced} (round robin over the three nodes), {@link #preferFirst} (node 0, the others as backups)
 * and {@link #preferSecond} (node 1, the others as backups).
 *
 * <p><b>Threading.</b> One test class drives it. <b>Lifecycle.</b> {@link #start} to {@link #close}.
 */
public final class ChatCluster implements AutoCloseable {

    public static final String NGINX = "/usr/sbin/nginx";

    public final RedisServer redis;
    public final int balanced;
    public final int preferFirst;
    public final int preferSecond;
    private final Path dir;
    private final int[] nodePorts = new int[3];
    private final LocalProcess[] nodes = new LocalProcess[3];
    private LocalProcess nginx;

    private ChatCluster(Path dir) throws IOException {
        this.dir = dir;
        this.redis = RedisServer.start(dir.resolve("redis"));
        this.balanced = LocalProcess.freePort();
        this.preferFirst = LocalProcess.freePort();
        this.preferSecond = LocalProcess.freePort();
    }

    /** Starts Redis, the three nodes and nginx under {@code dir}; returns once all of them listen. */
    public static ChatCluster start(Path dir) throws IOException {
        if (!Files.isExecutable(Path.of(NGINX))) {
            throw new IllegalStateException(NGINX + " is missing: install the Debian package nginx (.ci/run does)");
        }
        ChatCluster cluster = new ChatCluster(dir);
        try {
            for (int i = 0; i < 3; i++) {
                cluster.nodePorts[i] = LocalProcess.freePort();
                cluster.startNode(i);
            }
            for (int i = 0; i < 3; i++) {
                cluster.awaitNode(i);
            }
            cluster.startNginx();
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startNode(int i) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("node" + i + ".log");
        Files.deleteIfExists(log);
        nodes[i] = LocalProcess.start("torsion chat node " + i, List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.torsion.cli.Main", "chat", "--host", "127.0.0.1",
                "--port", String.valueOf(nodePorts[i]), "--loops", "1", "--redis", redis.uri(), "-v",
                "--shutdown-timeout", "1s"), dir, log);
    }

    private void awaitNode(int i) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (!nodes[i].isAlive()) {
                throw new IllegalStateException("chat node " + i + " exited: " + nodeLog(i));
            }
            return nodeLog(i).contains("torsion chat: open http://");
        });
    }

    private void startNginx() throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.createDirectories(dir.resolve("nginx-temp"));
        Files.writeString(conf, nginxConfig(), StandardCharsets.UTF_8);
        nginx = LocalProcess.start("nginx", List.of(NGINX, "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("nginx-error.log").toString()), dir, dir.resolve("nginx.out"));
        for (int port : new int[] {balanced, preferFirst, preferSecond}) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                if (!nginx.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + read(dir.resolve("nginx-error.log")));
                }
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
        }
    }

    private String nginxConfig() {
        String temp = dir.resolve("nginx-temp").toString();
        StringBuilder c = new StringBuilder()
                .append("daemon off;\nworker_processes 1;\npid ").append(dir.resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(dir.resolve("nginx-error.log")).append(" info;\n")
                .append("events { worker_connections 512; }\n")
                .append("http {\n")
                .append("  access_log off;\n")
                .append("  client_body_temp_path ").append(temp).append("/body;\n")
                .append("  proxy_temp_path ").append(temp).append("/proxy;\n")
                .append("  fastcgi_temp_path ").append(temp).append("/fastcgi;\n")
                .append("  uwsgi_temp_path ").append(temp).append("/uwsgi;\n")
                .append("  scgi_temp_path ").append(temp).append("/scgi;\n")
                .append("  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n")
                .append(upstream("balanced", 0, false))
                .append(upstream("first", 0, true))
                .append(upstream("second", 1, true))
                .append(server(balanced, "balanced"))
                .append(server(preferFirst, "first"))
                .append(server(preferSecond, "second"))
                .append("}\n");
        return c.toString();
    }

    /** Every node; with {@code backups}, node {@code main} first and the others as backups. */
    private String upstream(String name, int main, boolean backups) {
        StringBuilder u = new StringBuilder("  upstream ").append(name).append(" {\n");
        for (int k = 0; k < 3; k++) {
            int i = (main + k) % 3;
            u.append("    server 127.0.0.1:").append(nodePorts[i]).append(" max_fails=1 fail_timeout=30s")
                    .append(backups && k > 0 ? " backup" : "").append(";\n");
        }
        return u.append("  }\n").toString();
    }

    private static String server(int port, String upstream) {
        return "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    location / {\n"
                + "      proxy_pass http://" + upstream + ";\n"
                + "      proxy_http_version 1.1;\n"
                + "      proxy_set_header Upgrade $http_upgrade;\n"
                + "      proxy_set_header Connection $connection_upgrade;\n"
                + "      proxy_set_header Host $host;\n"
                + "      proxy_connect_timeout 2s;\n"
                + "      proxy_read_timeout 300s;\n"
                + "      proxy_send_timeout 300s;\n"
                + "      proxy_next_upstream error timeout;\n"
                + "    }\n"
                + "  }\n";
    }

    /** {@code ws://127.0.0.1:PORT/chat} through nginx's {@code port}. */
    public static String wsUrl(int port) {
        return "ws://127.0.0.1:" + port + "/chat";
    }

    public static String httpUrl(int port) {
        return "http://127.0.0.1:" + port + "/";
    }

    /** SIGKILL node {@code i}: it dies at once, without closing its connections or saying goodbye. */
    public void killNode(int i) {
        nodes[i].kill();
    }

    public boolean nodeAlive(int i) {
        return nodes[i].isAlive();
    }

    /** What node {@code i} printed ({@code -v}: one line per join and leave). */
    public String nodeLog(int i) {
        return read(dir.resolve("node" + i + ".log"));
    }

    /** The nodes whose log says {@code name} joined (or rejoined) there, in node order. */
    public List<Integer> nodesWhere(String name) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String log = nodeLog(i);
            if (log.contains("+ " + name + " joined ") || log.contains("+ " + name + " rejoined ")) {
                out.add(i);
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (nginx != null) {
            nginx.stop(Duration.ofSeconds(3));
        }
        for (LocalProcess node : nodes) {
            if (node != null) {
                node.kill();
            }
        }
        redis.close();
    }
}

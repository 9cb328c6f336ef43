package dev.torsion.redis.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A program a test runs as a child process (a redis-server, an nginx, a {@code torsion chat} node), stopped by
 * its PID. It dies with the test however the test ends: {@link #stop} (or {@link #kill}) in the test's cleanup;
 * a JVM shutdown hook for every process still running when the JVM exits; and, for a JVM killed with SIGKILL
 * (where no hook runs), a watchdog ({@code sh}) started beside each child that kills it once the JVM's PID is
 * gone.
 *
 * <p><b>Threading.</b> Thread-safe. <b>Lifecycle.</b> Started by {@link #start}; stopped by {@link #stop}.
 */
public final class LocalProcess implements AutoCloseable {

    private static final Set<LocalProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (LocalProcess p : RUNNING) {
                p.kill();
            }
        }, "local-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Process watchdog;

    private LocalProcess(String name, Process process, Process watchdog) {
        this.name = name;
        this.process = process;
        this.watchdog = watchdog;
    }

    /** Starts {@code command} in {@code dir}, its output appended to {@code log}. */
    public static LocalProcess start(String name, List<String> command, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        long jvm = ProcessHandle.current().pid();
        List<String> watch = new ArrayList<>(List.of("sh", "-c",
                "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + p.pid() + " 2>/dev/null; do sleep 1; done; "
                        + "kill -9 " + p.pid() + " 2>/dev/null"));
        Process w = new ProcessBuilder(watch).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        LocalProcess lp = new LocalProcess(name, p, w);
        RUNNING.add(lp);
        return lp;
    }

    /** A free TCP port on 127.0.0.1 (free when asked; the program binds it right after). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; waits for it to be gone. */
    public void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        finished();
    }

    /** SIGKILL, at once; waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finished();
    }

    private void finished() {
        watchdog.destroy();
        RUNNING.remove(this);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(5));
        } else {
            finished();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ")" : ", exited)");
    }
}

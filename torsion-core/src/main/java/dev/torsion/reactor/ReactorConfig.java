package dev.torsion.reactor;

/**
 * Settings of a {@link Reactor}, immutable; change one with its {@code withX} method.
 *
 * <table>
 * <caption>Settings and their defaults</caption>
 * <tr><th>setting</th><th>default</th></tr>
 * <tr><td>eventLoops</td><td>the number of available processors</td></tr>
 * <tr><td>readBufferSize</td><td>64 KiB, one buffer per event loop (not per connection)</td></tr>
 * <tr><td>highWatermark / lowWatermark</td><td>64 KiB / 32 KiB of queued output per connection</td></tr>
 * <tr><td>tcpNoDelay</td><td>true (Nagle's algorithm off)</td></tr>
 * <tr><td>backlog</td><td>1024 pending connections per listening port</td></tr>
 * <tr><td>threadNamePrefix</td><td>"torsion-loop-"</td></tr>
 * <tr><td>daemonThreads</td><td>false: the loops keep the JVM alive until the reactor is closed</td></tr>
 * </table>
 *
 * <p><b>Threading.</b> Immutable and thread-safe.
 */
public final class ReactorConfig {

    private final int eventLoops;
    private final int readBufferSize;
    private final int highWatermark;
    private final int lowWatermark;
    private final boolean tcpNoDelay;
    private final int backlog;
    private final String threadNamePrefix;
    private final boolean daemonThreads;

    private ReactorConfig(int eventLoops, int readBufferSize, int highWatermark, int lowWatermark,
                          boolean tcpNoDelay, int backlog, String threadNamePrefix, boolean daemonThreads) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be at least 1, got " + eventLoops);
        }
        if (readBufferSize < 512) {
            throw new IllegalArgumentException("readBufferSize must be at least 512 bytes, got " + readBufferSize);
        }
        if (lowWatermark < 0 || highWatermark < lowWatermark) {
            throw new IllegalArgumentException("watermarks need 0 <= low <= high, got low=" + lowWatermark
                    + " high=" + highWatermark);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        this.eventLoops = eventLoops;
        this.readBufferSize = readBufferSize;
        this.highWatermark = highWatermark;
        this.lowWatermark = lowWatermark;
        this.tcpNoDelay = tcpNoDelay;
        this.backlog = backlog;
        this.threadNamePrefix = threadNamePrefix;
        this.daemonThreads = daemonThreads;
    }

    /** The defaults listed in the class documentation. */
    public static ReactorConfig defaults() {
        return new ReactorConfig(Runtime.getRuntime().availableProcessors(), 64 * 1024, 64 * 1024, 32 * 1024,
                true, 1024, "torsion-loop-", false);
    }

    public int eventLoops() {
        return eventLoops;
    }

    public int readBufferSize() {
        return readBufferSize;
    }

    public int highWatermark() {
        return highWatermark;
    }

    public int lowWatermark() {
        return lowWatermark;
    }

    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    public int backlog() {
        return backlog;
    }

    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    public boolean daemonThreads() {
        return daemonThreads;
    }

    /** The number of event loops (threads); 1 is allowed. */
    public ReactorConfig withEventLoops(int n) {
        return new ReactorConfig(n, readBufferSize, highWatermark, lowWatermark, tcpNoDelay, backlog,
                threadNamePrefix, daemonThreads);
    }

    /** The size of each loop's read buffer: the most one {@link Protocol#dataReceived} call delivers. */
    public ReactorConfig withReadBufferSize(int bytes) {
        return new ReactorConfig(eventLoops, bytes, highWatermark, lowWatermark, tcpNoDelay, backlog,
                threadNamePrefix, daemonThreads);
    }

    /** Default flow-control watermarks for new connections (see {@link Transport#setWatermarks}). */
    public ReactorConfig withWatermarks(int low, int high) {
        return new ReactorConfig(eventLoops, readBufferSize, high, low, tcpNoDelay, backlog,
                threadNamePrefix, daemonThreads);
    }

    /** Whether TCP_NODELAY is set on every connection. */
    public ReactorConfig withTcpNoDelay(boolean on) {
        return new ReactorConfig(eventLoops, readBufferSize, highWatermark, lowWatermark, on, backlog,
                threadNamePrefix, daemonThreads);
    }

    /** The accept backlog of listening ports. */
    public ReactorConfig withBacklog(int n) {
        return new ReactorConfig(eventLoops, readBufferSize, highWatermark, lowWatermark, tcpNoDelay, n,
                threadNamePrefix, daemonThreads);
    }

    /** The prefix of the event-loop threads' names. */
    public ReactorConfig withThreadNamePrefix(String prefix) {
        return new ReactorConfig(eventLoops, readBufferSize, highWatermark, lowWatermark, tcpNoDelay,
                backlog, prefix, daemonThreads);
    }

    /**
     * Whether the event-loop threads are daemon threads. With {@code true} the reactor does not keep the JVM
     * alive: the program ends when its last non-daemon thread does (typically {@code main} returning), and
     * the connections die with it, so wait for what must be finished first.
     */
    public ReactorConfig withDaemonThreads(boolean daemon) {
        return new ReactorConfig(eventLoops, readBufferSize, highWatermark, lowWatermark, tcpNoDelay, backlog,
                threadNamePrefix, daemon);
    }
}

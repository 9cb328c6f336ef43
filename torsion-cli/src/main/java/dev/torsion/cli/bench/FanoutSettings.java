package dev.torsion.cli.bench;

/**
 * The settings of a fan-out run ({@code torsion bench --mode fanout}) beyond the common ones, checked.
 *
 * @param common     the common settings: {@code connections} is the number of subscribers, {@code size} the
 *                   message size (at least {@value FanoutMessage#HEADER}), plus duration, warm-up, threads,
 *                   server pid
 * @param publishers publisher connections (each also receives every message, but is not counted as a
 *                   subscriber)
 * @param rate       messages per second over all publishers, or 0 for closed loop (a publisher sends its next
 *                   message once its own copy of the previous one came back)
 * @param also       more servers that share the topic ({@code --also}): connection i goes to server
 *                   {@code i mod (1 + also.size())}, the first being the URL
 * @param otherServerPids more processes whose CPU time counts as the server's ({@code --also-pid}: the other
 *                   nodes, the broker)
 *
 * <p><b>Threading / lifecycle.</b> Immutable.
 */
record FanoutSettings(BenchSettings common, int publishers, double rate, java.util.List<java.net.URI> also,
                      java.util.List<Long> otherServerPids) {

    /** Connections a run may open from the one source address it uses (under the default port range). */
    static final int MAX_CONNECTIONS = 25_000;

    /** One server. */
    FanoutSettings(BenchSettings common, int publishers, double rate) {
        this(common, publishers, rate, java.util.List.of(), java.util.List.of());
    }

    /** Checks the settings; throws {@link IllegalArgumentException} naming the first bad one. */
    FanoutSettings {
        also = java.util.List.copyOf(also);
        otherServerPids = java.util.List.copyOf(otherServerPids);
        for (java.net.URI u : also) {
            if (!"ws".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("--also must be ws://host:port/path, got: " + u);
            }
        }
        if (common.mode() != BenchMode.fanout) {
            throw new IllegalArgumentException("--publishers and --rate are for --mode fanout");
        }
        if (publishers < 1 || publishers > FanoutMessage.MAX_PUBLISHERS) {
            throw new IllegalArgumentException("--publishers must be between 1 and " + FanoutMessage.MAX_PUBLISHERS);
        }
        if (common.connections() + publishers > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("fan-out mode opens at most " + MAX_CONNECTIONS
                    + " connections (subscribers plus publishers) from one source address");
        }
        if (common.size() < FanoutMessage.HEADER) {
            throw new IllegalArgumentException("--size must be at least " + FanoutMessage.HEADER
                    + " in fan-out mode (the header with publisher, sequence and send time)");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a positive number of messages/s, or 0 for closed loop");
        }
    }

    /** The server of connection {@code i}: the servers take connections in turn. */
    java.net.URI server(int i) {
        int k = i % (1 + also.size());
        return k == 0 ? common.uri() : also.get(k - 1);
    }

    /** Subscribers (not counting the publishers). */
    int subscribers() {
        return common.connections();
    }

    /** Whether publishers send at a fixed rate rather than in a closed loop. */
    boolean fixedRate() {
        return rate > 0;
    }
}

package dev.torsion.reactor;

/**
 * The timer that measures an event loop's lag: armed {@link LoopMetrics#LAG_PROBE_INTERVAL} ahead, it notes
 * how much later than asked it ran, and arms itself again. It uses the loop's ordinary
 * {@link EventLoop#callLater}, so it is late exactly when the loop's other timers are.
 *
 * <p><b>Threading.</b> Runs on its loop only. <b>Lifecycle.</b> Started with the loop; ends with it.
 */
final class LagProbe implements Runnable {

    private static final long INTERVAL = LoopMetrics.LAG_PROBE_INTERVAL.toNanos();

    private final EventLoop loop;
    private final LoopMetrics metrics;
    private long expected;

    LagProbe(EventLoop loop, LoopMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    /** Arms the probe. Loop thread. */
    void arm() {
        expected = System.nanoTime() + INTERVAL;
        loop.callLater(LoopMetrics.LAG_PROBE_INTERVAL, this);
    }

    @Override
    public void run() {
        metrics.lag(System.nanoTime() - expected);
        if (!loop.reactor().isStopping()) {
            arm();
        }
    }
}

package dev.torsion.micrometer;

import dev.torsion.reactor.LoopMetrics;
import dev.torsion.reactor.Reactor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Meters for a {@link Reactor}'s event loops, one set per loop tagged {@code loop} (its thread name), from
 * its {@link LoopMetrics}:
 *
 * <table>
 * <caption>Meters (Prometheus names in brackets)</caption>
 * <tr><td>{@code torsion.loop.connections}</td><td>gauge: TCP connections open [torsion_loop_connections]</td></tr>
 * <tr><td>{@code torsion.loop.connections.opened}</td><td>counter [torsion_loop_connections_opened_total]</td></tr>
 * <tr><td>{@code torsion.loop.tasks}</td><td>counter: tasks and timers run [torsion_loop_tasks_total]</td></tr>
 * <tr><td>{@code torsion.loop.busy}</td><td>counter, seconds spent working [torsion_loop_busy_seconds_total]</td></tr>
 * <tr><td>{@code torsion.loop.lag}</td><td>timer: how late the lag probe ran [torsion_loop_lag_seconds_count, _sum]</td></tr>
 * <tr><td>{@code torsion.loop.lag.last}, {@code .max}</td><td>time gauges [torsion_loop_lag_last_seconds, torsion_loop_lag_max_seconds]</td></tr>
 * <tr><td>{@code torsion.loop.stalls}</td><td>counter: iterations over the stall threshold [torsion_loop_stalls_total]</td></tr>
 * <tr><td>{@code torsion.tls.handshakes}</td><td>counter, tag {@code result} success/failure [torsion_tls_handshakes_total]</td></tr>
 * </table>
 *
 * <p><b>Threading.</b> Immutable; {@link #bindTo} may be called from any thread. The meters read the loops'
 * counts when the registry asks (eventually consistent, see {@link LoopMetrics}). <b>Lifecycle.</b> Bind once
 * per registry; the meters stay readable after the reactor stops.
 */
public final class ReactorMeterBinder implements MeterBinder {

    private final Reactor reactor;
    private final Tags tags;

    /** Meters for {@code reactor}'s loops, with {@code tags} added to each. */
    public ReactorMeterBinder(Reactor reactor, Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (LoopMetrics loop : reactor.loopMetrics()) {
            Tags t = tags.and("loop", loop.loopName());
            Gauge.builder("torsion.loop.connections", loop, LoopMetrics::connections)
                    .description("TCP connections open on the event loop")
                    .tags(t).register(registry);
            FunctionCounter.builder("torsion.loop.connections.opened", loop, LoopMetrics::connectionsOpened)
                    .description("TCP connections the event loop adopted")
                    .tags(t).register(registry);
            FunctionCounter.builder("torsion.loop.tasks", loop, LoopMetrics::tasksRun)
                    .description("Tasks and timers the event loop ran")
                    .tags(t).register(registry);
            FunctionCounter.builder("torsion.loop.busy", loop, l -> l.busyNanos() / 1e9)
                    .description("Time the event loop spent working, from waking up to waiting again")
                    .baseUnit("seconds").tags(t).register(registry);
            FunctionTimer.builder("torsion.loop.lag", loop, LoopMetrics::lagSamples, LoopMetrics::lagSumNanos,
                            TimeUnit.NANOSECONDS)
                    .description("How late the event loop's lag probe timer ran").tags(t).register(registry);
            TimeGauge.builder("torsion.loop.lag.last", loop, TimeUnit.NANOSECONDS, LoopMetrics::lastLagNanos)
                    .description("The latest lag sample").tags(t).register(registry);
            TimeGauge.builder("torsion.loop.lag.max", loop, TimeUnit.NANOSECONDS, LoopMetrics::maxLagNanos)
                    .description("The largest lag sample since the loop started").tags(t).register(registry);
            FunctionCounter.builder("torsion.loop.stalls", loop, LoopMetrics::stalls)
                    .description("Event loop iterations longer than " + LoopMetrics.STALL_THRESHOLD.toMillis() + " ms")
                    .tags(t).register(registry);
            FunctionCounter.builder("torsion.tls.handshakes", loop, LoopMetrics::tlsHandshakes)
                    .description("TLS handshakes on the loop's connections").tags(t.and("result", "success"))
                    .register(registry);
            FunctionCounter.builder("torsion.tls.handshakes", loop, LoopMetrics::tlsHandshakeFailures)
                    .description("TLS handshakes on the loop's connections").tags(t.and("result", "failure"))
                    .register(registry);
        }
    }
}

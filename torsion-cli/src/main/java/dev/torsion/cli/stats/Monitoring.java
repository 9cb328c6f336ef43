package dev.torsion.cli.stats;

import dev.torsion.cli.SinglePage;
import dev.torsion.micrometer.TorsionMeterBinder;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.Resource;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.topic.TopicRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What {@code --metrics} adds to a server's site: {@code GET /metrics} (Prometheus text format, from a
 * Micrometer registry holding Torsion's meters and the JVM's usual ones), the {@code /stats} page and its
 * live WebSocket at {@code /stats/live}.
 *
 * <p><b>Threading.</b> Build and mount on one thread, before the site serves. <b>Lifecycle.</b> The stats feed
 * publishes from {@link #mount} on, until the reactor stops.
 */
public final class Monitoring {

    /** Where the stats page's WebSocket is. */
    public static final String LIVE_PATH = "/stats/live";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatsFeed feed;

    /** Monitoring of {@code reactor}, the connections counted in {@code websocket}, and {@code topics} (or null). */
    public Monitoring(Reactor reactor, WebSocketMetrics websocket, TopicRegistry topics) {
        TorsionMeterBinder.Builder binder = new TorsionMeterBinder.Builder().reactor(reactor).websocket(websocket);
        if (topics != null) {
            binder.topics("topics", topics);
        }
        binder.build().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.feed = new StatsFeed(reactor, new ServerStats(reactor, websocket, topics));
    }

    /** The registry behind {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Puts {@code metrics} and {@code stats} (with {@code stats/live}) under {@code root}, and starts the feed. */
    public void mount(Resource root) {
        root.putChild("metrics", new MetricsResource(registry));
        Resource stats = new SinglePage(Monitoring.class, "stats.html", LIVE_PATH);
        stats.putChild("live", feed.resource());
        root.putChild("stats", stats);
        feed.start();
    }
}

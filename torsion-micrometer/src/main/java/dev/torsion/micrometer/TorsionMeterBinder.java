package dev.torsion.micrometer;

import dev.torsion.reactor.Reactor;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.topic.TopicRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything Torsion measures, for Micrometer in one binder: a reactor's loops, endpoints' WebSocket metrics
 * and topic registries (see {@link ReactorMeterBinder}, {@link WebSocketMeterBinder} and
 * {@link TopicMeterBinder} for the meters and their names).
 *
 * <pre>{@code
 * new TorsionMeterBinder.Builder().reactor(reactor).websocket(echo.metrics().orElseThrow())
 *         .topics("chat", topics).build().bindTo(registry);
 * }</pre>
 *
 * <p>Spring Boot, Quarkus and Micronaut bind every {@link MeterBinder} bean they find to their registry.
 *
 * <p><b>Threading.</b> Immutable once built; bind from any thread. <b>Lifecycle.</b> Bind once per registry.
 */
public final class TorsionMeterBinder implements MeterBinder {

    private final List<MeterBinder> parts;

    private TorsionMeterBinder(List<MeterBinder> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MeterBinder part : parts) {
            part.bindTo(registry);
        }
    }

    /** Collects what to bind. Not thread-safe; build once. */
    public static final class Builder {
        private final List<MeterBinder> parts = new ArrayList<>();
        private Tags tags = Tags.empty();

        /** Tags added to every meter (set before the other calls). */
        public Builder tags(Iterable<Tag> common) {
            this.tags = Tags.of(common);
            return this;
        }

        /** The loops of {@code reactor}. */
        public Builder reactor(Reactor reactor) {
            parts.add(new ReactorMeterBinder(reactor, tags));
            return this;
        }

        /** An endpoint's (or a server's) WebSocket metrics, tagged with their name. */
        public Builder websocket(WebSocketMetrics metrics) {
            parts.add(new WebSocketMeterBinder(metrics, tags));
            return this;
        }

        /** A topic registry, tagged {@code registry=name}. */
        public Builder topics(String name, TopicRegistry topics) {
            parts.add(new TopicMeterBinder(name, topics, tags));
            return this;
        }

        public TorsionMeterBinder build() {
            return new TorsionMeterBinder(parts);
        }
    }
}

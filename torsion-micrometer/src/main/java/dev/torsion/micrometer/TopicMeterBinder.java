package dev.torsion.micrometer;

import dev.torsion.websocket.topic.TopicRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * Meters for a {@link TopicRegistry}, tagged {@code registry} with the name given here:
 * {@code torsion.topics} (gauge: topics with subscribers), {@code torsion.topics.subscriptions} (gauge),
 * {@code torsion.topics.dropped.messages} (counter: messages dropped for slow subscribers, Prometheus
 * {@code torsion_topics_dropped_messages_total}), {@code torsion.topics.slow.consumers.closed} (counter) and
 * {@code torsion.topics.loop.overflows} (counter: deliveries refused because a loop was too far behind).
 *
 * <p><b>Threading.</b> Immutable; bind from any thread. <b>Lifecycle.</b> Bind once per registry.
 */
public final class TopicMeterBinder implements MeterBinder {

    private final String name;
    private final TopicRegistry topics;
    private final Tags tags;

    /** Meters for {@code topics}, tagged {@code registry=name} plus {@code tags}. */
    public TopicMeterBinder(String name, TopicRegistry topics, Iterable<Tag> tags) {
        this.name = Objects.requireNonNull(name, "name");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags t = tags.and("registry", name);
        Gauge.builder("torsion.topics", topics, TopicRegistry::topicCount)
                .description("Topics with subscribers").tags(t).register(registry);
        Gauge.builder("torsion.topics.subscriptions", topics, TopicRegistry::subscriptionCount)
                .description("Subscriptions (a session once per topic)").tags(t).register(registry);
        FunctionCounter.builder("torsion.topics.dropped.messages", topics, r -> r.droppedMessages())
                .description("Messages dropped for slow subscribers")
                .tags(t).register(registry);
        FunctionCounter.builder("torsion.topics.slow.consumers.closed", topics, TopicRegistry::slowConsumersClosed)
                .description("Subscribers closed because they fell behind").tags(t).register(registry);
        FunctionCounter.builder("torsion.topics.loop.overflows", topics, TopicRegistry::loopOverflows)
                .description("Deliveries refused because an event loop had too much waiting").tags(t)
                .register(registry);
    }
}

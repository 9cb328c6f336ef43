package dev.torsion.cli.stats;

import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the registry in the Prometheus text exposition format (version 0.0.4), for a
 * Prometheus server (or anything that scrapes it) to read.
 *
 * <p><b>Threading.</b> Renders on any loop (the registry is thread-safe). <b>Lifecycle.</b> As long as the site.
 */
public final class MetricsResource extends Resource {

    /** The content type of the text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    protected void renderGet(Request request) {
        request.setHeader("Content-Type", CONTENT_TYPE);
        request.setHeader("Cache-Control", "no-store");
        request.finish(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}

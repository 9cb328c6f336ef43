package dev.torsion.websocket.handshake;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which {@code Origin} header values may open a WebSocket (RFC 6455 section 10.2); a refused origin gets
 * {@code 403 Forbidden}.
 *
 * <p>Browsers always send {@code Origin}, so a policy protects users of a browser from pages on other sites
 * opening connections with their cookies. Non-browser clients usually send no {@code Origin}; a request
 * without one is allowed by every policy made here unless {@link #requireOrigin()} is applied. The opaque
 * origin a browser sends for sandboxed or file pages is the literal string {@code null}, which an allow-list
 * matches only if it lists {@code "null"}.
 *
 * <p>Immutable and thread-safe, provided a predicate given to {@link #matching(Predicate)} is thread-safe.
 * Created once when configuring a {@link ServerHandshake}.
 */
public final class OriginPolicy {

    private static final OriginPolicy ALLOW_ALL = new OriginPolicy(origin -> true, true, "any origin");

    private final Predicate<String> allowed;
    private final boolean allowMissing;
    private final String description;

    private OriginPolicy(Predicate<String> allowed, boolean allowMissing, String description) {
        this.allowed = allowed;
        this.allowMissing = allowMissing;
        this.description = description;
    }

    /** Every origin, and requests without one (the default of {@link ServerHandshake}). */
    public static OriginPolicy allowAll() {
        return ALLOW_ALL;
    }

    /**
     * Exactly the listed origins, such as {@code https://example.com} or {@code http://localhost:8080},
     * compared ignoring ASCII case (serialised origins have no path and no trailing slash).
     */
    public static OriginPolicy allowList(Collection<String> origins) {
        Set<String> lowered = origins.stream()
                .map(origin -> {
                    Objects.requireNonNull(origin, "origin");
                    if (origin.isBlank()) {
                        throw new IllegalArgumentException("an allowed origin must not be blank");
                    }
                    return origin.toLowerCase(Locale.ROOT);
                })
                .collect(Collectors.toUnmodifiableSet());
        return new OriginPolicy(origin -> lowered.contains(origin.toLowerCase(Locale.ROOT)), true,
                "origins " + lowered);
    }

    /** {@link #allowList(Collection)} with the origins as arguments. */
    public static OriginPolicy allowList(String... origins) {
        return allowList(List.of(origins));
    }

    /** The origins for which {@code predicate} is true (it is called with the header value as received). */
    public static OriginPolicy matching(Predicate<String> predicate) {
        return new OriginPolicy(Objects.requireNonNull(predicate, "predicate"), true, "origins matching " + predicate);
    }

    /** This policy, but refusing requests that carry no {@code Origin} header. */
    public OriginPolicy requireOrigin() {
        return new OriginPolicy(allowed, false, description + ", Origin required");
    }

    /** True when a request without {@code Origin} is allowed. */
    public boolean allowsMissingOrigin() {
        return allowMissing;
    }

    /** True when a request whose {@code Origin} is {@code origin} ({@code null} when absent) is allowed. */
    public boolean allows(String origin) {
        return origin == null ? allowMissing : allowed.test(origin);
    }

    @Override
    public String toString() {
        return "OriginPolicy[" + description + "]";
    }
}

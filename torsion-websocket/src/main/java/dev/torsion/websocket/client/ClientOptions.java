package dev.torsion.websocket.client;

import dev.torsion.websocket.handshake.ExtensionOffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one connection attempt asks of the server beyond the URI: extra request headers (cookies, auth), the
 * subprotocols offered in order of preference, extension offers, and an Origin.
 *
 * <p><b>Threading.</b> Immutable once built; share freely.
 */
public final class ClientOptions {

    private static final ClientOptions NONE = builder().build();

    private final Map<String, String> headers;
    private final List<Map.Entry<String, String>> headerList;
    private final List<String> subprotocols;
    private final List<ExtensionOffer> extensions;
    private final String origin;

    private ClientOptions(Builder b) {
        this.headerList = List.copyOf(b.headerList);
        Map<String, String> last = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headerList) {
            last.put(h.getKey(), h.getValue());
        }
        this.headers = java.util.Collections.unmodifiableMap(last);
        this.subprotocols = List.copyOf(b.subprotocols);
        this.extensions = List.copyOf(b.extensions);
        this.origin = b.origin;
    }

    /** No extra headers, no subprotocols, no extensions, no Origin. */
    public static ClientOptions none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The extra headers by name, the last value of a repeated name winning; see {@link #headerList()}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Every extra header in the order added, repeated names included (this is what is sent). */
    public List<Map.Entry<String, String>> headerList() {
        return headerList;
    }

    public List<String> subprotocols() {
        return subprotocols;
    }

    public List<ExtensionOffer> extensions() {
        return extensions;
    }

    /** The Origin header to send, or null for none. */
    public String origin() {
        return origin;
    }

    /** Builds {@link ClientOptions}. Not thread-safe. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> headerList = new ArrayList<>();
        private final List<String> subprotocols = new ArrayList<>();
        private final List<ExtensionOffer> extensions = new ArrayList<>();
        private String origin;

        private Builder() {
        }

        /**
         * Adds a request header (not one the handshake owns: Host, Upgrade, Connection, Sec-WebSocket-*,
         * Origin; those are refused when connecting). Adding a name twice sends it twice.
         */
        public Builder header(String name, String value) {
            headerList.add(Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
            return this;
        }

        /** Offers subprotocols, most preferred first. */
        public Builder subprotocols(String... names) {
            subprotocols.addAll(List.of(names));
            return this;
        }

        /**
         * Offers an extension as it is: the server may agree, but the connection applies nothing of it (no
         * reserved bits, no transform). For an extension that changes frames, plug its
         * {@link dev.torsion.websocket.handshake.ClientExtension} into {@code WebSocketClient.Builder.extension}.
         */
        public Builder extension(ExtensionOffer offer) {
            extensions.add(Objects.requireNonNull(offer, "offer"));
            return this;
        }

        /** Sends an Origin header. */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(this);
        }
    }
}

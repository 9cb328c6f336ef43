package dev.torsion.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The headers of a WebSocket connection's opening request, as {@link WebSocketSession#requestHeaders()}
 * shows them: an unmodifiable map from header name (looked up ignoring case) to its values in the order
 * received.
 *
 * <p>Every open connection keeps its request headers, so they are stored packed in one byte array (about the
 * size of the header text itself) and turned into a map only when the application first asks for them. A
 * map of strings, lists and tree entries costs several times as much, and most applications read the headers
 * once, at open, or never.
 *
 * <p><b>Threading.</b> Immutable in effect; safe to share. The map view is built once, on first use.
 */
public final class RequestHeaders extends AbstractMap<String, List<String>> {

    private static final RequestHeaders EMPTY = new RequestHeaders(new byte[0]);

    /** Field names and values, each UTF-8 encoded and followed by a 0 byte, name then value. */
    private final byte[] packed;
    private volatile Map<String, List<String>> view;

    private RequestHeaders(byte[] packed) {
        this.packed = packed;
    }

    /** No headers. */
    public static RequestHeaders empty() {
        return EMPTY;
    }

    /** A builder that takes header fields in the order received. */
    public static Builder builder() {
        return new Builder();
    }

    /** Packs the fields of an existing map (name to values). */
    public static RequestHeaders copyOf(Map<String, List<String>> headers) {
        if (headers instanceof RequestHeaders) {
            return (RequestHeaders) headers;
        }
        Builder b = builder();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String value : e.getValue()) {
                b.add(e.getKey(), value);
            }
        }
        return b.build();
    }

    @Override
    public List<String> get(Object name) {
        return name instanceof String ? view().get(name) : null;
    }

    @Override
    public boolean containsKey(Object name) {
        return name instanceof String && view().containsKey(name);
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        return view().entrySet();
    }

    @Override
    public int size() {
        return view().size();
    }

    /** The bytes this object keeps for its headers (for memory accounting). */
    public int packedSize() {
        return packed.length;
    }

    private Map<String, List<String>> view() {
        Map<String, List<String>> v = view;
        if (v == null) {
            v = unpack();
            view = v;
        }
        return v;
    }

    private Map<String, List<String>> unpack() {
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int i = 0;
        while (i < packed.length) {
            int nameEnd = indexOfZero(i);
            String name = new String(packed, i, nameEnd - i, StandardCharsets.UTF_8);
            int valueEnd = indexOfZero(nameEnd + 1);
            String value = new String(packed, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8);
            map.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
            i = valueEnd + 1;
        }
        map.replaceAll((k, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(map);
    }

    private int indexOfZero(int from) {
        int i = from;
        while (packed[i] != 0) {
            i++;
        }
        return i;
    }

    /** Collects header fields; not thread-safe. */
    public static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        private Builder() {
        }

        /** Adds one field; a name or value containing a 0 character is refused. */
        public Builder add(String name, String value) {
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a header name or value contains a NUL character: " + name);
            }
            out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return this;
        }

        public RequestHeaders build() {
            return out.size() == 0 ? EMPTY : new RequestHeaders(out.toByteArray());
        }
    }
}

package dev.torsion.web.http2;

import java.util.ArrayList;
import java.util.function.BiConsumer;

/**
 * An ordered list of HTTP/2 header fields, as an HPACK block carries them: pseudo-header fields
 * ({@code :method}, {@code :path}, {@code :status}, ...) first, then regular fields with lower-case names.
 * A name may appear several times. Names and values are ISO-8859-1 strings (one char per octet).
 *
 * <p>The list itself checks nothing: the connection validates what it receives (RFC 9113 section 8.2) and
 * what an application asks it to send.
 *
 * <p><b>Threading.</b> Not thread-safe; a list belongs to the one who builds it until it is handed over.
 */
public final class Http2Headers {

    /** Names at even indexes, values at odd ones. */
    private final ArrayList<String> fields;

    /** An empty list. */
    public Http2Headers() {
        fields = new ArrayList<>(16);
    }

    /** Appends a field. Returns this. */
    public Http2Headers add(String name, String value) {
        fields.add(name);
        fields.add(value);
        return this;
    }

    /** The number of fields. */
    public int size() {
        return fields.size() / 2;
    }

    /** True when there is no field. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The name of field {@code index} (0-based). */
    public String name(int index) {
        return fields.get(2 * index);
    }

    /** The value of field {@code index}. */
    public String value(int index) {
        return fields.get(2 * index + 1);
    }

    /** The first value of {@code name} (compared exactly: names are lower case), or null. */
    public String get(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equals(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    /** Calls {@code action} with each field's name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.size(); i += 2) {
            action.accept(fields.get(i), fields.get(i + 1));
        }
    }

    /**
     * The size of the list as SETTINGS_MAX_HEADER_LIST_SIZE counts it (RFC 9113 section 6.5.2): each field's
     * name and value octets plus 32.
     */
    public long listSize() {
        long n = 0;
        for (int i = 0; i < fields.size(); i += 2) {
            n += HpackDynamicTable.entrySize(fields.get(i), fields.get(i + 1));
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Http2Headers h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}

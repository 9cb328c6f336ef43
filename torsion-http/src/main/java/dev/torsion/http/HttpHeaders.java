package dev.torsion.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An ordered list of HTTP header fields whose names compare case-insensitively: the one header type of
 * Torsion, for the server's requests and responses, the WebSocket handshake (request, answer, refusal) and
 * the headers a WebSocket session keeps. A name may appear several times (each {@link #add} keeps its own
 * line); {@link #get} returns the first value, {@link #getAll} every one.
 *
 * <p>Names must be HTTP tokens; values may hold no control character but horizontal tab (so no CR or LF can
 * smuggle in another header), no character above U+00FF, and no leading or trailing whitespace.
 *
 * <p>{@link #readOnly()} gives a read-only copy (for a handshake's answer, a parsed response); {@link #compact()}
 * one packed into a single byte array (about the size of the header text itself) and unpacked on first
 * read: what a long-lived holder keeps, such as every open WebSocket connection holding its opening
 * request's headers.
 *
 * <p><b>Threading.</b> A mutable list is not thread-safe: request headers are filled by the parser and only
 * read afterwards; response headers belong to whoever renders the response. A read-only list is safe to
 * share between threads.
 *
 * <p><b>Lifecycle.</b> A mutable list lives as long as the message that owns it; a read-only one as long as
 * its holder.
 */
public final class HttpHeaders {

    private static final HttpHeaders EMPTY = new HttpHeaders(List.of(), null);

    /** Mutable form: names at even indexes, values at odd ones, one list, no object per field; else null. */
    private final ArrayList<String> fields;
    /** Compact form: each name and value ISO-8859-1 encoded and followed by a 0 byte; else null. */
    private final byte[] packed;
    /** Read-only form (names and values alternating); for a compact list, unpacked on first read. */
    private volatile List<String> frozen;

    /** An empty, mutable list of headers. */
    public HttpHeaders() {
        this.fields = new ArrayList<>(16);
        this.packed = null;
    }

    private HttpHeaders(List<String> frozen, byte[] packed) {
        this.fields = null;
        this.frozen = frozen;
        this.packed = packed;
    }

    /** The empty read-only list. */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /** A read-only list of the given names and values, alternating: {@code of("Allow", "GET")}. */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs, got " + namesAndValues.length);
        }
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h.readOnly();
    }

    /** Appends a field, keeping any earlier field of the same name. Returns this. */
    public HttpHeaders add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        mutable().add(name);
        fields.add(value);
        return this;
    }

    /** Appends every field of {@code others}, in order. Returns this. */
    public HttpHeaders addAll(HttpHeaders others) {
        List<String> f = others.fields();
        ArrayList<String> into = mutable();
        into.addAll(f);
        return this;
    }

    /** Replaces every field named {@code name} with one field. Returns this. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field named {@code name}; returns true if there was one. */
    public boolean remove(String name) {
        ArrayList<String> f = mutable();
        boolean removed = false;
        for (int i = f.size() - 2; i >= 0; i -= 2) {
            if (f.get(i).equalsIgnoreCase(name)) {
                f.remove(i + 1);
                f.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        List<String> f = fields();
        for (int i = 0; i < f.size(); i += 2) {
            if (f.get(i).equalsIgnoreCase(name)) {
                return f.get(i + 1);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order (empty if none). */
    public List<String> getAll(String name) {
        List<String> f = fields();
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < f.size(); i += 2) {
            if (f.get(i).equalsIgnoreCase(name)) {
                values.add(f.get(i + 1));
            }
        }
        return values;
    }

    /** True if a field named {@code name} is present. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** How many fields are named {@code name}. */
    public int count(String name) {
        List<String> f = fields();
        int n = 0;
        for (int i = 0; i < f.size(); i += 2) {
            if (f.get(i).equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * True if any field named {@code name}, read as a comma-separated list, holds {@code token}
     * (case-insensitive), e.g. {@code containsToken("Connection", "close")}.
     */
    public boolean containsToken(String name, String token) {
        List<String> f = fields();
        for (int i = 0; i < f.size(); i += 2) {
            if (f.get(i).equalsIgnoreCase(name) && HttpTokens.listContains(f.get(i + 1), token)) {
                return true;
            }
        }
        return false;
    }

    /** The number of fields. */
    public int size() {
        return fields().size() / 2;
    }

    /** True when there is no field. */
    public boolean isEmpty() {
        return fields().isEmpty();
    }

    /** The name of field {@code index} (0-based, in order of addition). */
    public String name(int index) {
        return fields().get(2 * index);
    }

    /** The value of field {@code index}. */
    public String value(int index) {
        return fields().get(2 * index + 1);
    }

    /** Calls {@code action} with each field's name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        List<String> f = fields();
        for (int i = 0; i < f.size(); i += 2) {
            action.accept(f.get(i), f.get(i + 1));
        }
    }

    /** Removes every field. */
    public void clear() {
        mutable().clear();
    }

    /** True for a list made by {@link #readOnly()}, {@link #compact()}, {@link #of} or {@link #empty()}. */
    public boolean isReadOnly() {
        return fields == null;
    }

    /**
     * A read-only copy of these fields (this list itself when it is read-only already). Safe to share
     * between threads.
     */
    public HttpHeaders readOnly() {
        if (fields == null) {
            return this;
        }
        return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields), null);
    }

    /**
     * A read-only copy of these fields packed into one byte array, unpacked on first read (this list itself
     * when it is compact already): for headers kept long and read seldom. Safe to share between threads.
     */
    public HttpHeaders compact() {
        if (packed != null) {
            return this;
        }
        List<String> f = fields();
        if (f.isEmpty()) {
            return EMPTY;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (String s : f) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        return new HttpHeaders(null, out.toByteArray());
    }

    /** The bytes a compact list keeps for its fields (for memory accounting); 0 for another one. */
    public int packedSize() {
        return packed == null ? 0 : packed.length;
    }

    /** Adds a field without checking it: for the head lexer, which has validated the bytes already. */
    void addTrusted(String name, String value) {
        mutable().add(name);
        fields.add(value);
    }

    private ArrayList<String> mutable() {
        if (fields == null) {
            throw new UnsupportedOperationException("these headers are read-only");
        }
        return fields;
    }

    private List<String> fields() {
        if (fields != null) {
            return fields;
        }
        List<String> f = frozen;
        if (f == null) {
            f = unpack();
            frozen = f;
        }
        return f;
    }

    private List<String> unpack() {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < packed.length; i++) {
            if (packed[i] == 0) {
                out.add(new String(packed, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return List.copyOf(out);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("header name " + name + " has a character not allowed in a token");
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " needs a value, got null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("header " + name + " has a control or non-Latin-1 character in its value");
            }
        }
        if (!value.isEmpty() && (HttpTokens.isWhitespace(value.charAt(0))
                || HttpTokens.isWhitespace(value.charAt(value.length() - 1)))) {
            throw new IllegalArgumentException("header " + name + " value has leading or trailing whitespace");
        }
    }

    /** Equal when both hold the same names (case as written) and values, in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders other && fields().equals(other.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}

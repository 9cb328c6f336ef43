package dev.torsion.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An ordered list of HTTP header fields whose names compare case-insensitively. A name may appear several
 * times (each {@link #add} keeps its own line); {@link #get} returns the first value, {@link #getAll} every one.
 *
 * <p><b>Threading.</b> Not thread-safe. Request headers are filled by the parser and only read afterwards;
 * response headers belong to whoever renders the response.
 *
 * <p><b>Lifecycle.</b> Lives as long as the request that owns it.
 */
public final class HttpHeaders {

    /** Names at even indexes, values at odd ones: one list, no object per field. */
    private final ArrayList<String> fields;

    /** An empty list of headers. */
    public HttpHeaders() {
        this.fields = new ArrayList<>(16);
    }

    /** Appends a field, keeping any earlier field of the same name. Returns this. */
    public HttpHeaders add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        fields.add(name);
        fields.add(value);
        return this;
    }

    /** Replaces every field named {@code name} with one field. Returns this. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field named {@code name}; returns true if there was one. */
    public boolean remove(String name) {
        boolean removed = false;
        for (int i = fields.size() - 2; i >= 0; i -= 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                fields.remove(i + 1);
                fields.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order (empty if none). */
    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                values.add(fields.get(i + 1));
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
        int n = 0;
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
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
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name) && listContains(fields.get(i + 1), token)) {
                return true;
            }
        }
        return false;
    }

    /** The number of fields. */
    public int size() {
        return fields.size() / 2;
    }

    /** True when there is no field. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The name of field {@code index} (0-based, in order of addition). */
    public String name(int index) {
        return fields.get(2 * index);
    }

    /** The value of field {@code index}. */
    public String value(int index) {
        return fields.get(2 * index + 1);
    }

    /** Calls {@code action} with each field's name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.size(); i += 2) {
            action.accept(fields.get(i), fields.get(i + 1));
        }
    }

    /** Removes every field. */
    public void clear() {
        fields.clear();
    }

    /** Adds a field without checking it: for the parser, which has validated the bytes already. */
    void addTrusted(String name, String value) {
        fields.add(name);
        fields.add(value);
    }

    static boolean listContains(String list, String token) {
        int n = list.length();
        int start = 0;
        while (start <= n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int a = start;
            int b = end;
            while (a < b && isSpace(list.charAt(a))) {
                a++;
            }
            while (b > a && isSpace(list.charAt(b - 1))) {
                b--;
            }
            if (b - a == token.length() && list.regionMatches(true, a, token, 0, b - a)) {
                return true;
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Tokens.isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name " + name + " has a character not allowed in a token");
            }
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
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}

package dev.torsion.websocket.handshake;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An ordered, immutable list of HTTP header fields with case-insensitive lookup by name.
 *
 * <p>Repeated fields are kept as separate entries, in order; {@link #all(String)} returns every value of a
 * name and {@link #first(String)} the first. Used for request headers built by tests and the client, and
 * for the headers of every handshake answer.
 *
 * <p>Immutable; safe to share between threads. Build one with {@link #builder()} or derive a new one with
 * {@link #with(String, String)}.
 */
public final class HeaderFields implements Iterable<HeaderField> {

    private static final HeaderFields EMPTY = new HeaderFields(List.of());

    private final List<HeaderField> fields;

    private HeaderFields(List<HeaderField> fields) {
        this.fields = fields;
    }

    /** The empty list. */
    public static HeaderFields empty() {
        return EMPTY;
    }

    /** A new builder, empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of the first field named {@code name} (ignoring case), or {@code null} if there is none. */
    public String first(String name) {
        for (HeaderField field : fields) {
            if (field.hasName(name)) {
                return field.value();
            }
        }
        return null;
    }

    /** Every value of the fields named {@code name} (ignoring case), in order; empty if there is none. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (HeaderField field : fields) {
            if (field.hasName(name)) {
                values.add(field.value());
            }
        }
        return List.copyOf(values);
    }

    /** True when at least one field is named {@code name} (ignoring case). */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /** A copy of these fields with one more appended. */
    public HeaderFields with(String name, String value) {
        return builder().addAll(this).add(name, value).build();
    }

    /** The fields, in order, as an unmodifiable list. */
    public List<HeaderField> asList() {
        return fields;
    }

    /** The number of fields (a repeated name counts once per field). */
    public int size() {
        return fields.size();
    }

    /** True when there are no fields. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public Iterator<HeaderField> iterator() {
        return fields.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderFields other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /**
     * Collects fields in order. Not thread-safe; use one builder per thread. {@link #build()} may be called
     * more than once; each call snapshots the fields added so far.
     */
    public static final class Builder {

        private final List<HeaderField> fields = new ArrayList<>();

        private Builder() {
        }

        /** Appends a field; the name and value are checked as {@link HeaderField} checks them. */
        public Builder add(String name, String value) {
            fields.add(new HeaderField(name, value));
            return this;
        }

        /** Appends a field. */
        public Builder add(HeaderField field) {
            fields.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        /** Appends every field of {@code others}, in order. */
        public Builder addAll(Iterable<HeaderField> others) {
            for (HeaderField field : others) {
                add(field);
            }
            return this;
        }

        /** The fields added so far. */
        public HeaderFields build() {
            return fields.isEmpty() ? EMPTY : new HeaderFields(List.copyOf(fields));
        }
    }
}

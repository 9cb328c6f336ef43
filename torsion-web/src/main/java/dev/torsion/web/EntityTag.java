package dev.torsion.web;

import java.util.List;

/**
 * An entity tag (RFC 9110 section 8.8.3): {@code "opaque"} or the weak {@code W/"opaque"}, with the two
 * comparisons of section 8.8.3.2 and the list forms of {@code If-Match} and {@code If-None-Match}.
 *
 * <p>Strong comparison: both tags strong and their opaque parts equal, character by character. Weak
 * comparison: the opaque parts equal, whatever the weakness. The {@code W/} prefix is case-sensitive, as in
 * the grammar.
 *
 * <p><b>Threading.</b> Immutable.
 */
final class EntityTag {

    final boolean weak;
    /** The opaque-tag without its quotes. */
    final String opaque;

    private EntityTag(boolean weak, String opaque) {
        this.weak = weak;
        this.opaque = opaque;
    }

    /** The entity tag that is the whole of {@code text} (whitespace around it allowed), or null if it is not one. */
    static EntityTag parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int[] end = {0};
        EntityTag tag = parseAt(s, 0, end);
        return tag != null && end[0] == s.length() ? tag : null;
    }

    /** True if both are strong and the same (RFC 9110 section 8.8.3.2). */
    boolean strongMatch(EntityTag other) {
        return other != null && !weak && !other.weak && opaque.equals(other.opaque);
    }

    /** True if the opaque parts are the same, weak or not. */
    boolean weakMatch(EntityTag other) {
        return other != null && opaque.equals(other.opaque);
    }

    /**
     * Whether the field lines of an {@code If-Match} or {@code If-None-Match} field match {@code current}:
     * {@code *} (the whole value) matches any current representation; otherwise a listed tag must match with
     * the given comparison. A member that is not an entity tag matches nothing, and neither does any tag
     * when there is no current tag.
     *
     * @param exists  whether there is a current representation (what {@code *} asks)
     * @param current the current representation's tag, or null
     */
    static boolean listMatches(List<String> fieldLines, boolean exists, EntityTag current, boolean strong) {
        boolean star = false;
        boolean other = false;
        boolean matched = false;
        for (String line : fieldLines) {
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (c == ' ' || c == '\t' || c == ',') {
                    i++;
                    continue;
                }
                if (c == '*' && endOfMember(line, i + 1) >= 0) {
                    star = true;
                    i = endOfMember(line, i + 1);
                    continue;
                }
                other = true;
                int[] end = {0};
                EntityTag tag = parseAt(line, i, end);
                int next = tag == null ? -1 : endOfMember(line, end[0]);
                if (next < 0) {
                    // not an entity tag: skip the member, it matches nothing
                    int comma = line.indexOf(',', i);
                    i = comma < 0 ? n : comma;
                    continue;
                }
                if (strong ? tag.strongMatch(current) : tag.weakMatch(current)) {
                    matched = true;
                }
                i = next;
            }
        }
        if (star && !other) {
            return exists;
        }
        return matched;
    }

    /** The index after optional whitespace if a member ends there (a comma or the end), else -1. */
    private static int endOfMember(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i == s.length() || s.charAt(i) == ',' ? i : -1;
    }

    /** Parses {@code [W/] DQUOTE *etagc DQUOTE} at {@code s[from]}; stores the index after it in end[0]. */
    private static EntityTag parseAt(String s, int from, int[] end) {
        int i = from;
        boolean weak = false;
        if (s.startsWith("W/", i)) {
            weak = true;
            i += 2;
        }
        if (i >= s.length() || s.charAt(i) != '"') {
            return null;
        }
        int start = ++i;
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i);
            if (c < 0x21 || c == 0x7f || c > 0xff) {
                return null;
            }
            i++;
        }
        if (i >= s.length()) {
            return null;
        }
        end[0] = i + 1;
        return new EntityTag(weak, s.substring(start, i));
    }

    @Override
    public String toString() {
        return (weak ? "W/\"" : "\"") + opaque + "\"";
    }
}

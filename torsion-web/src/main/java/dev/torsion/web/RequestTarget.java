package dev.torsion.web;

import dev.torsion.http.HttpError;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request target taken apart (RFC 9112 section 3.2): its raw path, its raw query, the decoded path
 * segments with {@code .} and {@code ..} resolved, and the decoded query arguments.
 *
 * <p>The path is split on '/' before decoding, so an encoded slash ({@code %2F}) stays inside its segment
 * and never acts as a separator. Segments are then percent-decoded and dot segments resolved (RFC 3986
 * section 5.2.4), including encoded ones such as {@code %2e%2e}; a {@code ..} that would climb above the
 * root is refused with 400 rather than clamped.
 *
 * <p><b>Threading and lifecycle.</b> Immutable once parsed; one per request.
 */
final class RequestTarget {

    final String path;
    final String query;
    final List<String> segments;
    final Map<String, List<String>> args;

    private RequestTarget(String path, String query, List<String> segments, Map<String, List<String>> args) {
        this.path = path;
        this.query = query;
        this.segments = segments;
        this.args = args;
    }

    /**
     * Parses an origin-form, absolute-form (http/https, its authority a non-empty {@code host[:port]} without
     * userinfo) or asterisk-form target.
     */
    static RequestTarget parse(String target) throws HttpError {
        if (target.equals("*")) {
            return new RequestTarget("*", null, List.of(), Map.of());
        }
        String rest;
        if (target.startsWith("/")) {
            rest = target;
        } else {
            rest = absoluteFormPath(target);
        }
        if (rest.indexOf('#') >= 0) {
            throw new HttpError(400, "fragment in request target");
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        List<String> segments = segments(path);
        Map<String, List<String>> args = query == null || query.isEmpty() ? Map.of() : parseQuery(query);
        return new RequestTarget(path, query, segments, args);
    }

    private static String absoluteFormPath(String target) throws HttpError {
        int colon = target.indexOf("://");
        if (colon <= 0) {
            throw new HttpError(400, "request target is neither origin-form nor absolute-form");
        }
        String scheme = target.substring(0, colon);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw new HttpError(400, "absolute-form target with scheme " + scheme);
        }
        int authorityStart = colon + 3;
        int end = authorityStart;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        if (end == authorityStart) {
            throw new HttpError(400, "absolute-form target without a host");
        }
        String authority = target.substring(authorityStart, end);
        if (authority.indexOf('@') >= 0) {
            // RFC 9110 section 4.2.4: userinfo in an http(s) URI is an error
            throw new HttpError(400, "absolute-form target with userinfo");
        }
        if (!HostSyntax.isNonEmptyHostAndPort(authority)) {
            throw new HttpError(400, "absolute-form target whose authority is not host[:port]: " + authority);
        }
        if (end == target.length()) {
            return "/";
        }
        return target.charAt(end) == '?' ? "/" + target.substring(end) : target.substring(end);
    }

    /** Decoded segments of a raw path starting with '/', dot segments resolved. */
    static List<String> segments(String path) throws HttpError {
        List<String> out = new ArrayList<>();
        int start = 1;
        int n = path.length();
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            boolean last = slash < 0;
            String segment = PercentDecoder.decode(path, start, end, false);
            if (segment.equals(".")) {
                if (last) {
                    out.add("");
                }
            } else if (segment.equals("..")) {
                if (out.isEmpty()) {
                    throw new HttpError(400, "path climbs above the root");
                }
                out.remove(out.size() - 1);
                if (last) {
                    out.add("");
                }
            } else {
                out.add(segment);
            }
            if (last) {
                break;
            }
            start = slash + 1;
        }
        return out;
    }

    private static Map<String, List<String>> parseQuery(String query) throws HttpError {
        Map<String, List<String>> args = new LinkedHashMap<>();
        int start = 0;
        int n = query.length();
        while (start <= n) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = query.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = PercentDecoder.decode(query, start, end, true);
                    value = "";
                } else {
                    name = PercentDecoder.decode(query, start, eq, true);
                    value = PercentDecoder.decode(query, eq + 1, end, true);
                }
                args.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        for (Map.Entry<String, List<String>> e : args.entrySet()) {
            e.setValue(Collections.unmodifiableList(e.getValue()));
        }
        return Collections.unmodifiableMap(args);
    }
}

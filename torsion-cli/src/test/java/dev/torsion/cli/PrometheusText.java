package dev.torsion.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Test helper: a strict parser of the Prometheus text exposition format, version 0.0.4 (the format's spec in
 * Prometheus's documentation, "Exposition formats"). It refuses what a Prometheus server would refuse and a
 * little more: a sample line that does not parse, a bad metric or label name (or a reserved {@code __} label),
 * a bad escape in a label value or in HELP text, a value that is not a float, a TYPE that is unknown, comes
 * twice or comes after its family's first sample, a HELP twice, a family whose lines are not in one group, a
 * sample that repeats a series, a counter sample not named {@code *_total}, a histogram without its
 * {@code +Inf} bucket, {@code _sum} and {@code _count}, a summary without {@code _sum} and {@code _count}.
 *
 * <p><b>Threading.</b> One parse per instance, one thread.
 */
final class PrometheusText {

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its name, labels (in order) and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One family: its name, TYPE, HELP and samples. */
    static final class Family {
        final String name;
        String type = "untyped";
        String help;
        boolean typed;
        final List<Sample> samples = new ArrayList<>();

        Family(String name) {
            this.name = name;
        }
    }

    final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> closed = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    private Family current;

    /** Parses {@code text} whole; throws {@link IllegalArgumentException} naming the line at the first fault. */
    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            try {
                p.line(lines[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage() + ": " + lines[i], e);
            }
        }
        for (Family f : p.families.values()) {
            p.checkFamily(f);
        }
        return p;
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = new ArrayList<>();
        for (Family f : families.values()) {
            for (Sample s : f.samples) {
                if (s.name.equals(name) && s.labels.entrySet().containsAll(labels.entrySet())) {
                    found.add(s);
                }
            }
        }
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + ": " + found);
        }
        return found.get(0).value;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            return;
        }
        if (line.startsWith("#")) {
            comment(line);
            return;
        }
        sample(line);
    }

    private void comment(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            return;   // any other comment is allowed and ignored
        }
        String name = parts[2];
        requireMatch(METRIC, name, "metric name");
        Family f = family(name);
        if (parts[1].equals("HELP")) {
            if (f.help != null) {
                throw new IllegalArgumentException("a second HELP for " + name);
            }
            f.help = unescapeHelp(parts.length == 4 ? parts[3] : "");
        } else {
            if (parts.length != 4 || !TYPES.contains(parts[3])) {
                throw new IllegalArgumentException("TYPE must be one of " + TYPES);
            }
            if (!f.samples.isEmpty() || f.typed) {
                throw new IllegalArgumentException("TYPE for " + name + " after its samples or twice");
            }
            f.type = parts[3];
            f.typed = true;
        }
        enter(f);
    }

    private void sample(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        requireMatch(METRIC, name, "metric name");
        Map<String, String> labels = new TreeMap<>();
        if (i < n && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= n || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("a space must separate the series from its value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("a value and at most a timestamp may follow the series");
        }
        double value = parseValue(rest[0]);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the timestamp must be an integer of milliseconds");
            }
        }
        Family f = familyOf(name);
        enter(f);
        if (!series.add(name + labels)) {
            throw new IllegalArgumentException("series repeated: " + name + labels);
        }
        f.samples.add(new Sample(name, labels, value));
    }

    private int labels(String line, int i, Map<String, String> into) {
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("a label needs name=\"value\"");
            }
            String label = line.substring(i, eq);
            requireMatch(LABEL, label, "label name");
            if (label.startsWith("__")) {
                throw new IllegalArgumentException("label names starting with __ are reserved: " + label);
            }
            if (eq + 1 >= n || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("a label value must be quoted");
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= n) {
                    throw new IllegalArgumentException("an unterminated label value");
                }
                char c = line.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    char e = j + 1 < n ? line.charAt(j + 1) : 0;
                    if (e == '\\' || e == '"') {
                        value.append(e);
                    } else if (e == 'n') {
                        value.append('\n');
                    } else {
                        throw new IllegalArgumentException("a bad escape in a label value");
                    }
                    j += 2;
                    continue;
                }
                value.append(c);
                j++;
            }
            if (into.put(label, value.toString()) != null) {
                throw new IllegalArgumentException("label " + label + " twice");
            }
            i = j + 1;
            if (i < n && line.charAt(i) == ',') {
                i++;
            } else if (i >= n || line.charAt(i) != '}') {
                throw new IllegalArgumentException("labels must be separated by commas and closed with }");
            }
        }
    }

    /** The family a sample belongs to: its own name, or its name less a histogram or summary suffix. */
    private Family familyOf(String sample) {
        for (String suffix : new String[]{"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                Family base = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (base != null && (base.type.equals("histogram") || base.type.equals("summary"))) {
                    return base;
                }
            }
        }
        return family(sample);
    }

    private Family family(String name) {
        return families.computeIfAbsent(name, Family::new);
    }

    /** Lines of one family must come together: leaving one closes it for good. */
    private void enter(Family f) {
        if (current == f) {
            return;
        }
        if (closed.contains(f.name)) {
            throw new IllegalArgumentException("the lines of " + f.name + " are not in one group");
        }
        if (current != null) {
            closed.add(current.name);
        }
        current = f;
    }

    private void checkFamily(Family f) {
        switch (f.type) {
            case "counter":
                for (Sample s : f.samples) {
                    if (!s.name.endsWith("_total")) {
                        throw new IllegalArgumentException("counter sample not named *_total: " + s.name);
                    }
                }
                break;
            case "histogram":
                require(f, f.name + "_sum");
                require(f, f.name + "_count");
                if (f.samples.stream().noneMatch(s -> s.name.equals(f.name + "_bucket") && "+Inf".equals(s.labels.get("le")))) {
                    throw new IllegalArgumentException("histogram " + f.name + " without its +Inf bucket");
                }
                break;
            case "summary":
                require(f, f.name + "_sum");
                require(f, f.name + "_count");
                break;
            default:
                break;
        }
    }

    private static void require(Family f, String sample) {
        if (f.samples.stream().noneMatch(s -> s.name.equals(sample))) {
            throw new IllegalArgumentException(f.type + " " + f.name + " without " + sample);
        }
    }

    private static double parseValue(String v) {
        switch (v) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a float value: " + v);
                }
        }
    }

    private static String unescapeHelp(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (e == '\\') {
                out.append('\\');
            } else if (e == 'n') {
                out.append('\n');
            } else {
                throw new IllegalArgumentException("a bad escape in HELP text");
            }
            i++;
        }
        return out.toString();
    }

    private static void requireMatch(Pattern p, String s, String what) {
        if (!p.matcher(s).matches()) {
            throw new IllegalArgumentException("bad " + what + ": \"" + s + "\"");
        }
    }
}

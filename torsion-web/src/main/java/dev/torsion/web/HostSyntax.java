package dev.torsion.web;

/**
 * The syntax of {@code uri-host [ ":" port ]} (RFC 9110 section 7.2, RFC 3986 section 3.2.2): the value of a
 * {@code Host} header and the authority of an absolute-form request target.
 *
 * <p>A host is a bracketed IP literal (an IPv6 address, IPv4-embedded forms included, or an {@code IPvFuture}),
 * or a reg-name: unreserved characters, percent-escapes and sub-delimiters (an IPv4 address is one). A port
 * is digits, possibly none. A zone identifier in a literal ({@code [fe80::1%25eth0]}, RFC 6874) is not part
 * of the URI grammar that HTTP uses, and is refused. The empty value is valid: RFC 9110 section 7.2 has a
 * client send it when the target URI has no authority.
 *
 * <p><b>Threading.</b> Stateless; safe from any thread.
 */
final class HostSyntax {

    private static final String SUB_DELIMS = "!$&'()*+,;=";

    private HostSyntax() {
    }

    /** True if {@code value} is {@code uri-host [ ":" port ]}. */
    static boolean isHostAndPort(String value) {
        int n = value.length();
        int hostEnd;
        if (n > 0 && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 0 || !isIpLiteral(value, 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = 0;
            while (hostEnd < n && value.charAt(hostEnd) != ':') {
                hostEnd++;
            }
            if (!isRegName(value, 0, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == n) {
            return true;
        }
        if (value.charAt(hostEnd) != ':') {
            return false;
        }
        for (int i = hostEnd + 1; i < n; i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True if {@code value} is a valid {@code uri-host [ ":" port ]} whose host is not empty. */
    static boolean isNonEmptyHostAndPort(String value) {
        return !value.isEmpty() && value.charAt(0) != ':' && isHostAndPort(value);
    }

    private static boolean isRegName(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(c) && SUB_DELIMS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code IPv6address / IPvFuture} in {@code s[from, to)}, the text between the brackets. */
    private static boolean isIpLiteral(String s, int from, int to) {
        if (from < to && (s.charAt(from) == 'v' || s.charAt(from) == 'V')) {
            return isIpvFuture(s, from + 1, to);
        }
        return isIpv6(s.substring(from, to));
    }

    private static boolean isIpvFuture(String s, int from, int to) {
        int i = from;
        while (i < to && isHex(s.charAt(i))) {
            i++;
        }
        if (i == from || i >= to || s.charAt(i) != '.' || i + 1 == to) {
            return false;
        }
        for (int j = i + 1; j < to; j++) {
            char c = s.charAt(j);
            if (!isUnreserved(c) && SUB_DELIMS.indexOf(c) < 0 && c != ':') {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986's IPv6address: eight groups, or fewer with one "::", the last two may be an IPv4 address. */
    static boolean isIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int groups;
        if (gap < 0) {
            groups = groups(s, true);
            return groups == 8;
        }
        int left = groups(s.substring(0, gap), false);
        int right = groups(s.substring(gap + 2), true);
        return left >= 0 && right >= 0 && left + right <= 7;
    }

    /**
     * The number of 16-bit groups in a colon-separated run of h16 (the empty run has none), an IPv4 address
     * counting as two when it is allowed and last; -1 if the run is malformed.
     */
    private static int groups(String run, boolean ipv4Last) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (ipv4Last && i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return -1;
                }
                groups += 2;
            } else if (isH16(p)) {
                groups++;
            } else {
                return -1;
            }
        }
        return groups;
    }

    private static boolean isH16(String p) {
        if (p.isEmpty() || p.length() > 4) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (!isHex(p.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Four dec-octets (0 to 255, no leading zero) joined by dots. */
    private static boolean isIpv4(String s) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || (o.length() > 1 && o.charAt(0) == '0')) {
                return false;
            }
            int v = 0;
            for (int i = 0; i < o.length(); i++) {
                if (!isDigit(o.charAt(i))) {
                    return false;
                }
                v = v * 10 + (o.charAt(i) - '0');
            }
            if (v > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '-' || c == '.' || c == '_'
                || c == '~';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

package dev.torsion.reactor;

import java.net.InetSocketAddress;

/**
 * Writes a host and port the way a URL's authority does (RFC 3986 section 3.2): {@code example.com:8080},
 * {@code 127.0.0.1:8080}, and an IPv6 address in brackets, {@code [::1]:8080}, so that messages and
 * printed URLs can be pasted back.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Authority {

    private Authority() {
    }

    /** {@code host:port}, with an IPv6 address (any host containing ':') in brackets. */
    public static String of(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The address's host as given (or its IP), and its port, as {@link #of(String, int)} writes them. */
    public static String of(InetSocketAddress address) {
        return of(address.getHostString(), address.getPort());
    }
}

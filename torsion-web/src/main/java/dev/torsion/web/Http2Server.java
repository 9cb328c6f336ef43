package dev.torsion.web;

import dev.torsion.reactor.Protocol;
import dev.torsion.web.http2.Http2Connection;
import dev.torsion.web.http2.Http2Headers;
import dev.torsion.web.http2.Http2Stream;

/**
 * A {@link Site} over HTTP/2: makes the {@link Http2Connection} of a connection that negotiated {@code h2}
 * (or sent the preface on plain TCP) and an {@link Http2Exchange} for each stream its peer opens.
 *
 * <p><b>Threading.</b> One per connection; called on its event loop.
 */
final class Http2Server implements Http2Connection.Listener {

    private final Site site;

    private Http2Server(Site site) {
        this.site = site;
    }

    /** The server side of an HTTP/2 connection for {@code site}, with the site's HTTP/2 limits. */
    static Http2Connection connection(Site site) {
        return new Http2Connection(Http2Connection.Role.SERVER, site.config().http2(), new Http2Server(site));
    }

    @Override
    public Protocol streamOpened(Http2Stream stream, Http2Headers headers, boolean endStream) {
        return Http2Exchange.open(site, stream, headers, endStream);
    }
}

package dev.torsion.web;

import dev.torsion.reactor.Factory;
import dev.torsion.reactor.Protocol;

import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/1.1 server for a tree of {@link Resource}s: the {@link Factory} to pass to
 * {@code reactor.listenTcp(host, port, new Site(root))}. Each connection gets its own protocol, which parses
 * requests, finds their resource and writes their responses, with the limits and timeouts of an
 * {@link HttpConfig}.
 *
 * <p><b>Threading.</b> Immutable after construction; one site serves connections on several event loops.
 *
 * <p><b>Lifecycle.</b> Lives as long as the listening port that uses it; it holds no connection state.
 */
public class Site implements Factory {

    private final Resource root;
    private final HttpConfig config;

    /** A site serving {@code root} with the default configuration. */
    public Site(Resource root) {
        this(root, HttpConfig.defaults());
    }

    /** A site serving {@code root} with {@code config}. */
    public Site(Resource root, HttpConfig config) {
        this.root = Objects.requireNonNull(root, "root");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public Protocol buildProtocol(SocketAddress remoteAddress) {
        return new HttpChannel(this);
    }

    /** The root of the resource tree. */
    public Resource root() {
        return root;
    }

    /** The limits and timeouts of this site. */
    public HttpConfig config() {
        return config;
    }

    /**
     * Walks the tree for {@code request} from the root (see {@link #traverse}) and returns the resource that
     * should render it. May throw whatever a {@link Resource#getChild} throws.
     */
    public Resource getResourceFor(Request request) {
        return traverse(root, request);
    }

    /**
     * Walks a (sub)tree from {@code start} for the rest of {@code request}'s path, moving segments from its
     * postpath to its prepath, and returns the resource that should render it (see {@link Resource} for the
     * rules): a child put with {@link Resource#putChild} is found even under a leaf; otherwise a leaf takes the
     * rest of the path. For a resource that hands a request on to another tree, as a WebSocket endpoint hands
     * a plain GET to its fallback. May throw whatever a {@link Resource#getChild} throws.
     */
    public static Resource traverse(Resource start, Request request) {
        Resource resource = start;
        List<String> postpath = request.postpath();
        List<String> prepath = request.prepath();
        while (!postpath.isEmpty()) {
            String segment = postpath.get(0);
            Resource child = null;
            if (resource.isLeaf()) {
                child = resource.getStaticChild(segment);
                if (child == null) {
                    break;
                }
            } else if (segment.isEmpty() && postpath.size() == 1 && resource.getStaticChild("") == null) {
                break;
            }
            postpath.remove(0);
            prepath.add(segment);
            if (child == null) {
                child = resource.getChildWithDefault(segment, request);
            }
            resource = child != null ? child : ErrorResource.notFound();
        }
        return resource;
    }
}

package dev.torsion.web;

import dev.torsion.http.HttpStatus;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node of a site's resource tree, as in twisted.web: static children added with {@link #putChild},
 * dynamic ones made by {@link #getChild}, and {@link #render} answering a request addressed to this node.
 *
 * <p><b>Traversal.</b> The {@link Site} walks the tree one decoded path segment at a time, moving each
 * segment from the request's {@link Request#postpath() postpath} to its {@link Request#prepath() prepath},
 * until the path is used up or it reaches a {@linkplain #isLeaf() leaf}, which renders whatever path is left
 * in its postpath. A child put with {@link #putChild} is found first, even on a leaf: a {@code FileResource}
 * with {@code putChild("ws", webSocketEndpoint)} serves its files and the endpoint at {@code ws}. A trailing
 * empty segment ("/docs/") is only traversed if the resource has a child named "".
 *
 * <p><b>Rendering.</b> The default {@link #render} dispatches by method to {@code renderGet},
 * {@code renderPost}, {@code renderPut}, {@code renderDelete}, {@code renderPatch}, {@code renderOptions} and
 * {@code renderHead}. HEAD is answered by {@code renderGet} unless {@code renderHead} is overridden: the
 * response carries the GET headers and no body. A method whose {@code renderXxx} the subclass does not
 * override gets 405 with an {@code Allow} header listing the ones it does; OPTIONS gets 204 with the same
 * {@code Allow}. A render method answers through the request ({@link Request#write}, {@link Request#finish()})
 * and may return before finishing: the response is then finished later, from any thread. An exception thrown
 * by a render method becomes a 500 (logged; the client sees no stack trace).
 *
 * <p><b>Threading.</b> One resource serves every connection of a site, from several event loops at once:
 * render methods must be thread-safe for the resource's own state. The child table is concurrent, so
 * {@link #putChild} is safe at any time, though usually done before serving.
 *
 * <p><b>Lifecycle.</b> Lives as long as the tree that holds it; no callbacks when it is added or removed.
 */
public class Resource {

    private static final String[][] METHODS = {
        {"GET", "renderGet"}, {"HEAD", "renderHead"}, {"POST", "renderPost"}, {"PUT", "renderPut"},
        {"DELETE", "renderDelete"}, {"PATCH", "renderPatch"}, {"OPTIONS", "renderOptions"},
    };

    private static final ClassValue<Set<String>> ALLOWED = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> allowed = new LinkedHashSet<>();
            for (String[] m : METHODS) {
                if (overrides(type, m[1])) {
                    allowed.add(m[0]);
                    if (m[0].equals("GET")) {
                        allowed.add("HEAD");
                    }
                }
            }
            allowed.add("OPTIONS");
            return Collections.unmodifiableSet(allowed);
        }
    };

    private static final ClassValue<Boolean> HAS_HEAD = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return overrides(type, "renderHead");
        }
    };

    private final Map<String, Resource> children = new ConcurrentHashMap<>(4);

    /** A resource with no children. */
    public Resource() {
    }

    /**
     * Adds (or replaces) the static child reached by the path segment {@code name} (decoded, no slash). It is
     * found before {@link #getChild} is asked, and on a leaf before the leaf takes the rest of the path.
     */
    public void putChild(String name, Resource child) {
        if (name == null || child == null) {
            throw new IllegalArgumentException("putChild needs a name and a resource, got " + name + " and " + child);
        }
        children.put(name, child);
    }

    /** The static child named {@code name}, or null. */
    public Resource getStaticChild(String name) {
        return children.get(name);
    }

    /** The static child named {@code name} if there is one, otherwise {@link #getChild(String, Request)}. */
    public Resource getChildWithDefault(String name, Request request) {
        Resource child = children.get(name);
        return child != null ? child : getChild(name, request);
    }

    /**
     * Makes the child for a segment that has no static child: override for dynamic children. The default
     * answers 404. {@code request}'s prepath already ends with {@code name}.
     */
    public Resource getChild(String name, Request request) {
        return ErrorResource.notFound();
    }

    /** True if this resource renders the rest of the path itself (traversal stops here). Default false. */
    public boolean isLeaf() {
        return false;
    }

    /**
     * Returns a receiver for the body of {@code request} if this resource wants it streamed as it arrives,
     * or null (the default) to have the site hold the whole body in memory for {@link Request#body()}.
     * Called once the request's head has arrived, before any body byte.
     */
    public BodyReceiver bodyReceiver(Request request) {
        return null;
    }

    /** Answers {@code request}; the default dispatches by method (see the class documentation). */
    public void render(Request request) {
        switch (request.method()) {
            case "GET":
                renderGet(request);
                break;
            case "HEAD":
                if (!HAS_HEAD.get(getClass()) && ALLOWED.get(getClass()).contains("GET")) {
                    renderGet(request);
                } else {
                    renderHead(request);
                }
                break;
            case "POST":
                renderPost(request);
                break;
            case "PUT":
                renderPut(request);
                break;
            case "DELETE":
                renderDelete(request);
                break;
            case "PATCH":
                renderPatch(request);
                break;
            case "OPTIONS":
                renderOptions(request);
                break;
            default:
                methodNotAllowed(request);
        }
    }

    /**
     * The methods this resource answers, for the {@code Allow} header: those whose {@code renderXxx} its
     * class overrides (HEAD with GET), plus OPTIONS. Override when the set is dynamic.
     */
    public Set<String> allowedMethods() {
        return ALLOWED.get(getClass());
    }

    /** Answers GET (and HEAD). Default: 405. */
    protected void renderGet(Request request) {
        methodNotAllowed(request);
    }

    /** Answers HEAD when overridden; by default HEAD is answered by {@link #renderGet} without the body. */
    protected void renderHead(Request request) {
        methodNotAllowed(request);
    }

    /** Answers POST. Default: 405. */
    protected void renderPost(Request request) {
        methodNotAllowed(request);
    }

    /** Answers PUT. Default: 405. */
    protected void renderPut(Request request) {
        methodNotAllowed(request);
    }

    /** Answers DELETE. Default: 405. */
    protected void renderDelete(Request request) {
        methodNotAllowed(request);
    }

    /** Answers PATCH. Default: 405. */
    protected void renderPatch(Request request) {
        methodNotAllowed(request);
    }

    /** Answers OPTIONS. Default: 204 with {@code Allow}. */
    protected void renderOptions(Request request) {
        request.setResponseCode(HttpStatus.NO_CONTENT);
        request.setHeader("Allow", String.join(", ", allowedMethods()));
        request.finish();
    }

    /** Answers 405 Method Not Allowed with the {@code Allow} header. */
    protected void methodNotAllowed(Request request) {
        request.setHeader("Allow", String.join(", ", allowedMethods()));
        ErrorResource.respond(request, HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
    }

    private static boolean overrides(Class<?> type, String method) {
        for (Class<?> c = type; c != null && c != Resource.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod(method, Request.class);
                return true;
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        return false;
    }
}

package dev.torsion.web;

import dev.torsion.http.HttpStatus;

import java.nio.charset.StandardCharsets;

/**
 * A leaf that answers every method with one status and a short plain-text message (twisted's
 * {@code ErrorPage}); {@link #notFound()} is what traversal returns for a missing child.
 *
 * <p><b>Threading.</b> Immutable; safe to share.
 *
 * <p><b>Lifecycle.</b> None: make one and mount it, or return it from {@link Resource#getChild}.
 */
public class ErrorResource extends Resource {

    private static final ErrorResource NOT_FOUND = new ErrorResource(HttpStatus.NOT_FOUND, "Not Found");

    private final int status;
    private final String message;

    /** A resource answering {@code status} with {@code message} as its text/plain body. */
    public ErrorResource(int status, String message) {
        this.status = status;
        this.message = message;
    }

    /** The shared 404 resource. */
    public static ErrorResource notFound() {
        return NOT_FOUND;
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Resource getChild(String name, Request request) {
        return this;
    }

    @Override
    public void render(Request request) {
        respond(request, status, message);
    }

    /** Finishes {@code request} with {@code status} and {@code message} as a text/plain body. */
    public static void respond(Request request, int status, String message) {
        request.setResponseCode(status);
        request.setHeader("Content-Type", "text/plain; charset=utf-8");
        request.finish((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}

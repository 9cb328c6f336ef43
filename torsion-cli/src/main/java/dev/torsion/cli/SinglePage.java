package dev.torsion.cli;

import dev.torsion.web.Request;
import dev.torsion.web.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A single-page web client (plain HTML, CSS and JavaScript from the jar, no build step) that connects back to
 * a WebSocket path: the echo page and the chat page. The path is written into the page's {@code <html>}
 * element as {@code data-ws-path}. Served for {@code GET /} only; other paths under it get 404.
 *
 * <p><b>Threading.</b> Immutable; renders on any loop. <b>Lifecycle.</b> Loads the page once, at construction.
 */
public final class SinglePage extends Resource {

    private final byte[] page;

    /** The page {@code resourceName} next to {@code anchor} in the jar, pointing at {@code webSocketPath}. */
    public SinglePage(Class<?> anchor, String resourceName, String webSocketPath) {
        String html;
        try (InputStream in = anchor.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalStateException(resourceName + " is missing from the torsion-cli jar");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.page = html.replace("<html lang=\"en\">",
                "<html lang=\"en\" data-ws-path=\"" + escape(webSocketPath) + "\">").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    protected void renderGet(Request request) {
        List<String> rest = request.postpath();
        if (!(rest.isEmpty() || rest.size() == 1 && rest.get(0).isEmpty())) {
            request.setResponseCode(404);
            request.setHeader("Content-Type", "text/plain; charset=utf-8");
            request.finish("not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        request.setHeader("Cache-Control", "no-cache");
        request.finish(page);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}

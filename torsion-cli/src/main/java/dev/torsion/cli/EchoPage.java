package dev.torsion.cli;

import dev.torsion.web.Request;
import dev.torsion.web.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The echo server's page: a small HTML client that connects back to the WebSocket path so a person can type
 * messages and watch them come back. Served for {@code GET /} only; other paths get 404.
 *
 * <p><b>Threading.</b> Immutable; renders on any loop.
 */
final class EchoPage extends Resource {

    private final byte[] page;

    EchoPage(String webSocketPath) {
        String html;
        try (InputStream in = EchoPage.class.getResourceAsStream("echo.html")) {
            if (in == null) {
                throw new IllegalStateException("echo.html is missing from the torsion-cli jar");
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

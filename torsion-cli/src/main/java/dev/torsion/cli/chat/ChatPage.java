package dev.torsion.cli.chat;

import dev.torsion.web.Request;
import dev.torsion.web.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The chat's single-page client ({@code chat.html}: plain HTML, CSS and JavaScript, no build step), served for
 * {@code GET /}; it connects back to the WebSocket path given at construction. Other paths under it get 404.
 *
 * <p><b>Threading.</b> Immutable; renders on any loop. <b>Lifecycle.</b> Loads the page once, at construction.
 */
public final class ChatPage extends Resource {

    private final byte[] page;

    public ChatPage(String webSocketPath) {
        String html;
        try (InputStream in = ChatPage.class.getResourceAsStream("chat.html")) {
            if (in == null) {
                throw new IllegalStateException("chat.html is missing from the torsion-cli jar");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.page = html.replace("<html lang=\"en\">", "<html lang=\"en\" data-ws-path=\""
                + webSocketPath.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\">")
                .getBytes(StandardCharsets.UTF_8);
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
}

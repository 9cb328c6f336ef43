package dev.torsion.web;

import java.nio.charset.StandardCharsets;

/** A GET-only test resource answering a fixed text, and echoing what it was asked in headers. */
class TextResource extends Resource {

    private final String text;

    TextResource(String text) {
        this.text = text;
    }

    @Override
    protected void renderGet(Request request) {
        request.setHeader("Content-Type", "text/plain; charset=utf-8");
        request.setHeader("X-Prepath", String.join("|", request.prepath()));
        request.setHeader("X-Postpath", String.join("|", request.postpath()));
        request.finish(text.getBytes(StandardCharsets.UTF_8));
    }
}

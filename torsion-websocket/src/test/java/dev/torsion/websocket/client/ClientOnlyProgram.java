package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A WebSocket client program that uses only what a client-only application has (torsion-core,
 * torsion-http, torsion-websocket): given a {@code ws://} URI, it sends "hello" and returns the first text
 * it gets back, and what {@code http2(true)} says without torsion-web. {@link ClientWithoutWebServerTest} runs it
 * in a class loader that has no torsion-web.
 */
public final class ClientOnlyProgram implements Function<String, String> {

    @Override
    public String apply(String uri) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        try (Reactor reactor = Reactor.create()) {
            WebSocketSession session = WebSocketClient.builder(reactor)
                    .config(WebSocketConfig.defaults().withKeepRequestHeaders(true)).build()
                    .connect(URI.create(uri), new WebSocketHandler() {
                        @Override
                        public void onText(WebSocketSession s, String text) {
                            reply.complete(text);
                        }

                        @Override
                        public void onBinary(WebSocketSession s, ByteBuffer data) {
                        }

                        @Override
                        public void onClose(WebSocketSession s, CloseCode code, String reason, boolean clean) {
                            reply.completeExceptionally(new IllegalStateException("closed " + code));
                        }
                    }).get(10, TimeUnit.SECONDS);
            session.sendText("hello");
            String text = reply.get(10, TimeUnit.SECONDS);
            session.close();
            String http2;
            try {
                WebSocketClient.builder(reactor).http2(true);
                http2 = "allowed";
            } catch (IllegalStateException e) {
                http2 = e.getMessage();
            }
            return text + " (headers kept: " + session.requestHeaders().getAll("Upgrade") + ") " + http2;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.torsion.websocket;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link SendCallback} that is a {@code CompletableFuture}: it completes normally when the send's bytes were
 * handed to the operating system, and exceptionally with the failure otherwise (see {@link SendCallback} for
 * which failure when).
 *
 * <pre>{@code
 * SendFuture sent = new SendFuture();
 * session.sendText("bye", sent);
 * sent.thenRun(() -> log.info("written"));
 * }</pre>
 *
 * <p><b>Threading.</b> As {@link CompletableFuture}: thread-safe. <b>Lifecycle.</b> One per send.
 */
public final class SendFuture extends CompletableFuture<Void> implements SendCallback {

    @Override
    public void completed(Throwable failure) {
        if (failure == null) {
            complete(null);
        } else {
            completeExceptionally(failure);
        }
    }
}

package dev.torsion.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Small helpers for waiting on connection attempts and describing why one failed.
 *
 * <p><b>Threading / lifecycle.</b> Stateless.
 */
final class Connecting {

    private Connecting() {
    }

    /** Waits until every future is done (success or failure) or the timeout passes. */
    static void awaitAll(List<? extends CompletableFuture<?>> futures, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // failures are counted by each future's own callback; a timeout leaves the rest to the run
        }
    }

    /** A one-line description of a connection failure (unwrapping completion wrappers). */
    static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

package dev.torsion.reactor;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helper: runs a call on a scheduler's loop thread and waits (bounded) for its result. */
public final class LoopCalls {

    private LoopCalls() {
    }

    /** Runs {@code call} on {@code loop}'s thread; its result, or its exception; fails after 10 s. */
    public static <T> T onLoop(Scheduler loop, Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}

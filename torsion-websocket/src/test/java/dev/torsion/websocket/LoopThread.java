package dev.torsion.websocket;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Test helper: a {@link Scheduler} with a thread of its own that runs submitted tasks one at a time, for
 * tests where other threads race the event loop. Delayed calls never fire (the tests that use it turn the
 * timers off or do not wait for them). Close it to stop the thread.
 */
final class LoopThread implements Scheduler, AutoCloseable {

    private static final Runnable STOP = () -> { };

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    LoopThread(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                Runnable task = tasks.take();
                if (task == STOP) {
                    return;
                }
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code work} on the loop and waits (bounded) for its result. */
    <T> T call(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        return new DelayedCall() {
            private boolean active = true;

            @Override
            public void cancel() {
                active = false;
            }

            @Override
            public boolean isActive() {
                return active;
            }
        };
    }

    @Override
    public DelayedCall callEvery(Duration interval, Runnable task) {
        return callLater(interval, task);
    }

    @Override
    public void execute(Runnable task) {
        if (stopped) {
            throw new java.util.concurrent.RejectedExecutionException("the loop thread has stopped");
        }
        tasks.add(task);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Stops the thread after the tasks already queued; later {@link #execute} calls are rejected. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        tasks.add(STOP);
        thread.join(10_000);
    }
}

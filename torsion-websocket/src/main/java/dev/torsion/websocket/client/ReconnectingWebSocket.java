package dev.torsion.websocket.client;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A WebSocket connection that comes back by itself: after a failed attempt or a connection that ended
 * badly it waits as its {@link ReconnectPolicy} says (exponential backoff with jitter, capped) and tries
 * again, until it connects, runs out of attempts, or is closed. Twisted's {@code ReconnectingClientFactory}
 * in WebSocket form.
 *
 * <pre>{@code
 * ReconnectingWebSocket ws = ReconnectingWebSocket.builder(client, URI.create("wss://example.com/feed"), handler)
 *         .policy(ReconnectPolicy.defaults().withDelays(Duration.ofMillis(500), Duration.ofSeconds(30)))
 *         .listener(new ReconnectListener() {
 *             public void retryScheduled(int attempt, Duration delay) { log("retry " + attempt + " in " + delay); }
 *         })
 *         .start();
 * ws.session().ifPresent(s -> s.sendText("hi"));   // the current session, if one is open
 * ws.close();                                        // closes with 1000 and stops reconnecting
 * }</pre>
 *
 * <p>Each session's events go to the handler as for a plain client ({@code onOpen} ... {@code onClose} once
 * per session, so the handler sees one open/close pair per connection); a handler typically re-subscribes in
 * {@code onOpen}. {@link ReconnectListener} hears about attempts, failures, scheduled retries and giving up.
 *
 * <p><b>Threading.</b> Every public method may be called from any thread. The bookkeeping runs on the
 * {@link Scheduler} given to the builder (by default the client reactor's first event loop; a
 * {@link dev.torsion.testing.FakeClock} in tests), where the listener is called; the handler is called on
 * each session's own loop.
 *
 * <p><b>Lifecycle.</b> Built stopped; {@link #start()} makes the first attempt at once. {@link #close()}
 * stops retrying and closes the open session. It may be started again after it stopped (closed, gave up, or
 * ended by a close the policy does not reconnect after); the backoff then starts afresh.
 */
public final class ReconnectingWebSocket implements AutoCloseable {

    private final SessionOpener opener;
    private final Scheduler scheduler;
    private final WebSocketHandler handler;
    private final ReconnectPolicy policy;
    private final ReconnectListener listener;
    private final Random random;
    /** Keeps the JVM alive while running, when the client owns its reactor; returns the release. */
    private final Supplier<Runnable> hold;
    private final AtomicInteger generation = new AtomicInteger();

    private volatile boolean running;
    private volatile WebSocketSession current;
    // scheduler thread only:
    private int attempt;
    private long openedAt;
    private DelayedCall pendingRetry;
    private Runnable release;

    private ReconnectingWebSocket(Builder b) {
        this.opener = b.opener != null ? b.opener : h -> b.client.connect(b.uri, h, b.options);
        this.scheduler = b.scheduler != null ? b.scheduler : b.client.reactor().eventLoops().get(0);
        this.handler = b.handler;
        this.policy = b.policy;
        this.listener = b.listener;
        this.random = b.random;
        this.hold = b.client != null ? b.client::hold : () -> () -> { };
    }

    /** A reconnecting connection to {@code uri} made with {@code client}, its events going to {@code handler}. */
    public static Builder builder(WebSocketClient client, URI uri, WebSocketHandler handler) {
        Objects.requireNonNull(client, "client");
        WebSocketUri.of(Objects.requireNonNull(uri, "uri")); // refuse a bad URI now, not at every attempt
        return new Builder(client, uri, null, handler);
    }

    /** A reconnecting connection whose attempts {@code opener} makes (tests, custom connection set-ups). */
    public static Builder builder(SessionOpener opener, Scheduler scheduler, WebSocketHandler handler) {
        return new Builder(null, null, Objects.requireNonNull(opener, "opener"), handler)
                .scheduler(Objects.requireNonNull(scheduler, "scheduler"));
    }

    /** Starts connecting (the first attempt at once). Does nothing while already running. Returns this. */
    public ReconnectingWebSocket start() {
        onScheduler(() -> {
            if (running) {
                return;
            }
            running = true;
            release = hold.get();
            generation.incrementAndGet();
            attempt = 0;
            connectNow();
        });
        return this;
    }

    /** The open session, if there is one right now. */
    public Optional<WebSocketSession> session() {
        return Optional.ofNullable(current);
    }

    /** True from {@link #start()} until it stops (closed, gave up, or a close it does not reconnect after). */
    public boolean isRunning() {
        return running;
    }

    /** Stops reconnecting and closes the open session, if any, with 1000. */
    @Override
    public void close() {
        close(CloseCode.NORMAL_CLOSURE, "");
    }

    /** Stops reconnecting and closes the open session, if any, with {@code code} and {@code reason}. */
    public void close(CloseCode code, String reason) {
        onScheduler(() -> {
            if (!running) {
                return;
            }
            stopped();
            generation.incrementAndGet();
            if (pendingRetry != null) {
                pendingRetry.cancel();
                pendingRetry = null;
            }
            WebSocketSession s = current;
            current = null;
            if (s != null) {
                s.close(code, reason);
            }
            listener.stopped();
        });
    }

    // ---------------------------------------------------------------- on the scheduler

    private void connectNow() {
        int number = ++attempt;
        Link link = new Link(generation.get());
        listener.attemptStarted(number);
        CompletableFuture<WebSocketSession> f;
        try {
            f = opener.open(link);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((session, error) -> {
            if (error != null) {
                onScheduler(() -> failed(link, number, unwrap(error)));
            }
        });
    }

    private void failed(Link link, int number, Throwable cause) {
        if (link.generation != generation.get() || !running) {
            return;
        }
        listener.attemptFailed(number, cause);
        retry(cause);
    }

    private void opened(Link link, WebSocketSession session) {
        if (link.generation != generation.get() || !running) {
            session.close(CloseCode.GOING_AWAY, "");
            return;
        }
        current = session;
        openedAt = scheduler.nanoTime();
        listener.connected(session, attempt);
    }

    private void closed(Link link, CloseCode code, String reason, boolean clean) {
        if (link.generation != generation.get() || !running) {
            return;
        }
        current = null;
        listener.disconnected(code, reason, clean);
        if (scheduler.nanoTime() - openedAt >= policy.goodConnection().toNanos()) {
            attempt = 0;
        }
        if (policy.reconnectsAfter(code, clean)) {
            retry(new IOException("the connection closed: " + code.code() + (reason.isEmpty() ? "" : " " + reason)));
        } else {
            stopped();
            listener.stopped();
        }
    }

    private void retry(Throwable cause) {
        if (attempt >= policy.maxAttempts()) {
            stopped();
            listener.gaveUp(attempt, cause);
            return;
        }
        Duration delay = policy.delay(Math.max(1, attempt), random);
        int gen = generation.get();
        listener.retryScheduled(attempt + 1, delay);
        pendingRetry = scheduler.callLater(delay, () -> {
            pendingRetry = null;
            if (running && gen == generation.get()) {
                connectNow();
            }
        });
    }

    /** Not running any more: lets the JVM exit (once the last session has closed). */
    private void stopped() {
        running = false;
        release.run();
    }

    private void onScheduler(Runnable task) {
        if (scheduler.inEventLoop()) {
            task.run();
        } else {
            scheduler.execute(task);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The handler of one attempt's session: forwards to the application's handler and reports open and close. */
    private final class Link implements WebSocketHandler {
        final int generation;
        private volatile boolean live;

        Link(int generation) {
            this.generation = generation;
        }

        @Override
        public void onOpen(WebSocketSession session) {
            if (generation != ReconnectingWebSocket.this.generation.get()) {
                session.close(CloseCode.GOING_AWAY, ""); // closed or restarted meanwhile: not ours any more
                return;
            }
            live = true;
            handler.onOpen(session);
            onScheduler(() -> opened(this, session));
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            if (live) {
                handler.onText(session, text);
            }
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            if (live) {
                handler.onBinary(session, data);
            }
        }

        @Override
        public void onPing(WebSocketSession session, ByteBuffer payload) {
            if (live) {
                handler.onPing(session, payload);
            }
        }

        @Override
        public void onPong(WebSocketSession session, ByteBuffer payload) {
            if (live) {
                handler.onPong(session, payload);
            }
        }

        @Override
        public void onDrain(WebSocketSession session) {
            if (live) {
                handler.onDrain(session);
            }
        }

        @Override
        public void onError(WebSocketSession session, Throwable error) {
            if (live) {
                handler.onError(session, error);
            }
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
            if (!live) {
                return;
            }
            live = false;
            handler.onClose(session, code, reason, clean);
            onScheduler(() -> closed(this, code, reason, clean));
        }
    }

    /** Configures a {@link ReconnectingWebSocket}. Not thread-safe; build once. */
    public static final class Builder {
        private final WebSocketClient client;
        private final URI uri;
        private final SessionOpener opener;
        private final WebSocketHandler handler;
        private ClientOptions options = ClientOptions.none();
        private ReconnectPolicy policy = ReconnectPolicy.defaults();
        private ReconnectListener listener = new ReconnectListener() { };
        private Scheduler scheduler;
        private Random random = new Random();

        private Builder(WebSocketClient client, URI uri, SessionOpener opener, WebSocketHandler handler) {
            this.client = client;
            this.uri = uri;
            this.opener = opener;
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Headers, subprotocols, Origin of every attempt (only with a client and URI). */
        public Builder options(ClientOptions options) {
            if (opener != null) {
                throw new IllegalStateException("options apply to a client and URI; this builder has a SessionOpener");
            }
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Backoff, attempts and what to reconnect after (default {@link ReconnectPolicy#defaults()}). */
        public Builder policy(ReconnectPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Told about each attempt. */
        public Builder listener(ReconnectListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where the timers and bookkeeping run (default: the client reactor's first loop). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The source of jitter (tests pass a seeded one). */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The reconnecting connection, not started yet. */
        public ReconnectingWebSocket build() {
            return new ReconnectingWebSocket(this);
        }

        /** Builds and starts. */
        public ReconnectingWebSocket start() {
            return build().start();
        }
    }
}

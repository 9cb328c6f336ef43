package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reactor of a {@link WebSocketClient} built without one: started at first use, with one event loop on a
 * daemon thread, and kept from ending the JVM only while the client has work: a connection attempt, an open
 * session, or a running {@link ReconnectingWebSocket}. Each is a hold ({@link #hold()}, ended by running what
 * it returns);
 * while there is at least one, a small non-daemon thread waits, so the JVM stays up; once the last hold is
 * released it ends, and a program whose {@code main} has returned exits by itself, after its last session
 * has finished closing (the close frames are sent, nothing is lost). The reactor itself keeps running (its
 * daemon loop costs nothing while idle), so schedulers taken from it stay valid.
 *
 * <p><b>Threading.</b> Thread-safe. <b>Lifecycle.</b> {@link #close()} stops the reactor and ends the wait at
 * once; a later use starts a new reactor.
 */
final class OwnedReactor implements AutoCloseable {

    private Reactor reactor;
    private int holds;
    /** Counts {@link #close()} calls: a hold taken before a close is not released after it. */
    private int generation;

    /** The reactor, started now if it is not running. */
    synchronized Reactor reactor() {
        if (reactor == null || reactor.isStopping()) {
            reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1).withDaemonThreads(true)
                    .withThreadNamePrefix("torsion-client-"));
        }
        return reactor;
    }

    /**
     * Keeps the JVM alive until the returned release runs (it may run any number of times, from any thread;
     * the first counts). Releasing the last hold lets the JVM exit.
     */
    synchronized Runnable hold() {
        if (holds++ == 0) {
            Thread keepAlive = new Thread(this::awaitNoHolds, "torsion-client-keepalive");
            keepAlive.setDaemon(false);
            keepAlive.start();
        }
        int taken = generation;
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(taken);
            }
        };
    }

    private synchronized void release(int taken) {
        if (taken == generation && --holds == 0) {
            notifyAll();
        }
    }

    /** The number of holds now (for tests). */
    synchronized int holds() {
        return holds;
    }

    /** Stops the reactor (its connections are aborted) and lets the JVM exit. */
    @Override
    public void close() {
        Reactor r;
        synchronized (this) {
            r = reactor;
            reactor = null;
            holds = 0;
            generation++;
            notifyAll();
        }
        if (r != null) {
            r.close();
        }
    }

    private synchronized void awaitNoHolds() {
        while (holds > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}

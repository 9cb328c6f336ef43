package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends from threads other than the event loop hop onto the loop in batches and keep each thread's order. */
class WebSocketSessionThreadingTest {

    /** A scheduler whose loop is the test's thread: other threads' tasks queue until {@link #runQueued()}. */
    static final class TestLoop implements Scheduler {
        final FakeClock clock = new FakeClock();
        final Thread loopThread = Thread.currentThread();
        final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();

        @Override
        public DelayedCall callLater(Duration delay, Runnable task) {
            return clock.callLater(delay, task);
        }

        @Override
        public DelayedCall callEvery(Duration interval, Runnable task) {
            return clock.callEvery(interval, task);
        }

        @Override
        public void execute(Runnable task) {
            queued.add(task);
        }

        @Override
        public boolean inEventLoop() {
            return Thread.currentThread() == loopThread;
        }

        @Override
        public long nanoTime() {
            return clock.nanoTime();
        }

        int runQueued() {
            int n = 0;
            Runnable task;
            while ((task = queued.poll()) != null) {
                task.run();
                n++;
            }
            return n;
        }
    }

    @Test
    void sendsFromManyThreadsAllArriveInEachThreadsOrderAndMessagesBeforeCloseComeFirst() throws Exception {
        TestLoop loop = new TestLoop();
        MemoryTransport transport = new MemoryTransport(loop);
        RecordingHandler handler = new RecordingHandler();
        transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        WebSocketSession session = handler.session;
        int threads = 4;
        int perThread = 250;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    session.sendText(id + ":" + i);
                }
            });
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(transport.written()).as("nothing is written off the loop").isEmpty();
        assertThat(session.bufferedAmount()).isPositive();
        Thread closer = new Thread(() -> {
            session.sendText("last");
            session.close(CloseCode.GOING_AWAY, "");
            session.sendText("after close");
        });
        closer.start();
        closer.join();
        assertThat(loop.runQueued()).as("the sends of every thread hop together, in one task").isEqualTo(1);
        assertThat(session.bufferedAmount()).isZero();

        List<String> frames = Frames.decode(transport.takeWritten(), Role.SERVER);
        assertThat(frames).hasSize(threads * perThread + 2);
        int[] next = new int[threads];
        for (String frame : frames.subList(0, threads * perThread)) {
            String text = Harness.utf8(Hex.bytes(frame.substring("TEXT fin ".length())));
            int id = Integer.parseInt(text.substring(0, text.indexOf(':')));
            int seq = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            assertThat(seq).as("thread %d's order", id).isEqualTo(next[id]++);
        }
        assertThat(frames.get(threads * perThread)).isEqualTo("TEXT fin " + Hex.of("last".getBytes()));
        assertThat(frames.get(threads * perThread + 1)).isEqualTo(Frames.close(1001));
    }

    @Test
    void aPingAndAStreamFromAnotherThreadHopOntoTheLoop() throws Exception {
        TestLoop loop = new TestLoop();
        MemoryTransport transport = new MemoryTransport(loop);
        RecordingHandler handler = new RecordingHandler();
        transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        Thread other = new Thread(() -> {
            MessageStream stream = handler.session.startBinary();
            stream.write(new byte[] {1});
            handler.session.ping();
            stream.finish();
        });
        other.start();
        other.join();
        assertThat(transport.written()).isEmpty();
        loop.runQueued();
        List<String> frames = Frames.decode(transport.takeWritten(), Role.SERVER);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo("BINARY more 01");
        assertThat(frames.get(1)).startsWith("PING fin ");
        assertThat(frames.get(2)).isEqualTo("CONTINUATION fin ");
    }

    @Test
    void aSendToALoopThatHasStoppedIsRefusedAndCountsNothing() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport[] transport = new MemoryTransport[1];
        LoopThread loop = new LoopThread("stopped-loop");
        WebSocketSession session = loop.call(() -> {
            transport[0] = new MemoryTransport(loop);
            transport[0].connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, dev.torsion.http.HttpHeaders.empty()));
            return handler.session;
        });
        loop.close();
        assertThat(session.sendText("after the loop stopped")).isFalse();
        assertThat(session.bufferedAmount()).as("no counter is left behind").isZero();
        assertThat(session.isOpen()).isFalse();
        assertThat(session.sendBinary(new byte[] {1})).isFalse();
        assertThat(session.ping()).isFalse();
        session.close();
        assertThat(session.bufferedAmount()).isZero();
    }
}

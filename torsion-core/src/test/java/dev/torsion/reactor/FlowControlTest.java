package dev.torsion.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pausing reads, watermarks in both directions, and loseConnection flushing everything queued. */
class FlowControlTest {

    private Reactor reactor;

    @BeforeEach
    void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1).withWatermarks(16 * 1024, 64 * 1024));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    /** Completes when a task queued now on {@code transport}'s loop has run: the loop has finished what it was doing. */
    private static void roundTrip(Transport transport) throws Exception {
        CompletableFuture<Void> landed = new CompletableFuture<>();
        transport.scheduler().execute(() -> landed.complete(null));
        landed.get(5, TimeUnit.SECONDS);
    }

    @Test
    void pausedReadingDeliversNothingUntilResumed() throws Exception {
        Recorder paused = new Recorder();
        Recorder witness = new Recorder();
        Recorder[] next = {paused, witness};
        int[] accepted = {0};
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> next[accepted[0]++]);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            Transport transport = paused.made.get(5, TimeUnit.SECONDS);
            transport.pauseReading();
            roundTrip(transport); // a pause from another thread hops onto the loop; let it land before writing
            socket.getOutputStream().write(new byte[5000]);
            try (Socket other = new Socket("127.0.0.1", port.port())) {
                witness.made.get(5, TimeUnit.SECONDS);
                // On the same (single) loop, a connection written to after the paused one: once its bytes have
                // arrived, the loop has seen the paused connection's bytes too, and left them unread.
                other.getOutputStream().write(new byte[1]);
                witness.receivedAtLeast(1).get(5, TimeUnit.SECONDS);
                roundTrip(transport);
                assertThat(paused.receivedCount()).isZero();
            }
            transport.resumeReading();
            assertThat(paused.receivedAtLeast(5000).get(5, TimeUnit.SECONDS)).hasSize(5000);
        }
    }

    @Test
    void watermarksFireWhenTheQueueRisesAndWhenItDrains() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            Transport transport = server.made.get(5, TimeUnit.SECONDS);
            int total = 0;
            // The peer does not read: keep writing until the transport reports itself unwritable and stays so
            // after the loop's next turn (until the kernel's buffers are full, a flush can still bring it back).
            while (!server.events.contains("unwritable") || transport.isWritable()) {
                byte[] chunk = new byte[64 * 1024];
                transport.write(chunk);
                total += chunk.length;
                roundTrip(transport); // the write (made off the loop) has landed and the loop has tried to send it
                assertThat(total).as("bytes written without the transport saying stop").isLessThan(256 << 20);
            }
            assertThat(transport.isWritable()).isFalse();
            assertThat(transport.bufferedAmount()).isGreaterThan(16 * 1024);
            // Now read everything: the queue drains and writability comes back.
            InputStream in = socket.getInputStream();
            new DataInputStream(in).readFully(new byte[total]);
            await().atMost(5, TimeUnit.SECONDS).until(() -> server.events.contains("writable"));
            assertThat(transport.isWritable()).isTrue();
            assertThat(transport.bufferedAmount()).isZero();
            assertThat(server.events).containsSubsequence("unwritable", "writable");
        }
    }

    @Test
    void loseConnectionDeliversEverythingQueuedBeforeClosing() throws Exception {
        int size = 8 << 20;
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            Transport transport = server.made.get(5, TimeUnit.SECONDS);
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) (i * 31);
            }
            transport.scheduler().execute(() -> {
                for (int i = 0; i < size; i += 100_000) {
                    transport.write(ByteBuffer.wrap(payload, i, Math.min(100_000, size - i)));
                }
                transport.loseConnection();
                transport.write(new byte[] {1, 2, 3}); // after loseConnection: discarded
            });
            socket.setSoTimeout(10_000); // a read that never ends fails instead of hanging the build
            byte[] all = socket.getInputStream().readAllBytes();
            assertThat(all).isEqualTo(payload);
            assertThat(server.lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionDone.class)
                    .hasMessageContaining("locally");
        }
    }

    @Test
    void abortClosesAtOnceAndDiscardsTheQueue() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            Transport transport = server.made.get(5, TimeUnit.SECONDS);
            transport.scheduler().execute(() -> {
                transport.write(ByteBuffer.allocate(32 << 20));
                transport.abortConnection();
            });
            Throwable reason = server.lost.get(5, TimeUnit.SECONDS);
            assertThat(reason).isInstanceOf(ConnectionLost.class).hasMessageContaining("aborted");
            assertThat(transport.isOpen()).isFalse();
            assertThat(transport.bufferedAmount()).isZero();
            socket.setSoTimeout(5000);
            long got = 0;
            try {
                got = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (java.net.SocketException reset) {
                // a reset is as good as an EOF here
            }
            assertThat(got).isLessThan(32 << 20);
        }
    }

    @Test
    void halfCloseKeepsTheWritingSideOpenWhenTheProtocolAsks() throws Exception {
        Recorder server = new Recorder();
        server.stayHalfOpen = true;
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            Transport transport = server.made.get(5, TimeUnit.SECONDS);
            socket.shutdownOutput();
            server.eof.get(5, TimeUnit.SECONDS);
            assertThat(transport.isOpen()).isTrue();
            transport.write("still here".getBytes());
            transport.loseConnection();
            socket.setSoTimeout(10_000);
            assertThat(new String(socket.getInputStream().readAllBytes())).isEqualTo("still here");
            assertThat(server.lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionDone.class);
        }
    }
}

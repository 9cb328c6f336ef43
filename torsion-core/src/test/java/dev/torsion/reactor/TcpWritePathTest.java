package dev.torsion.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TCP write path over real sockets: a read batch's writes leave in one gathering write from the staging
 * buffer; writes to other connections of the loop in the middle of a batch (a broadcast) keep every
 * connection's bytes in order; a full socket queues pooled buffers that go back once drained; a protocol that
 * fails between claim and commit does not break later claims.
 */
class TcpWritePathTest {

    private final Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    private final EventLoop loop = reactor.eventLoops().get(0);

    @AfterEach
    void stop() {
        reactor.close();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> call) throws Exception {
        return LoopCalls.onLoop(loop, call);
    }

    private static byte[] readExactly(Socket socket, int n) throws Exception {
        socket.setSoTimeout(10_000);
        byte[] b = new byte[n];
        new DataInputStream(socket.getInputStream()).readFully(b);
        return b;
    }

    private static void put(Transport t, byte[] bytes) {
        ByteBuffer claim = t.claimWrite(bytes.length);
        claim.put(bytes);
        t.commitWrite(claim);
    }

    @Test
    void aReadBatchsWritesLeaveInOneGatheringWrite() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long[] callsBefore = new long[1];
        Recorder server = new Recorder() {
            @Override
            public synchronized void dataReceived(ByteBuffer data) {
                data.position(data.limit());
                callsBefore[0] = loop.staging().writeCalls();
                for (int i = 0; i < 100; i++) {
                    byte[] header = {(byte) 0x82, (byte) 30};
                    byte[] payload = new byte[30];
                    java.util.Arrays.fill(payload, (byte) i);
                    switch (i % 3) {
                        case 0 -> {
                            ByteBuffer claim = transport.claimWrite(32);
                            claim.put(header).put(payload);
                            transport.commitWrite(claim);
                        }
                        case 1 -> transport.write(ByteBuffer.wrap(header), ByteBuffer.wrap(payload));
                        default -> {
                            transport.write(ByteBuffer.wrap(header));
                            transport.write(payload);
                        }
                    }
                    expected.writeBytes(header);
                    expected.writeBytes(payload);
                }
            }
        };
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket client = new Socket("127.0.0.1", port.port())) {
            server.made.get(5, TimeUnit.SECONDS);
            client.getOutputStream().write(1);
            assertThat(readExactly(client, 3200)).isEqualTo(expected.toByteArray());
            assertThat(onLoop(() -> loop.staging().writeCalls() - callsBefore[0])).isEqualTo(1);
        }
    }

    @Test
    void aBroadcastFromAReadBatchKeepsEveryConnectionsBytesInOrder() throws Exception {
        List<Transport> all = new CopyOnWriteArrayList<>();
        Random random = new Random(3);
        int rounds = 200;
        byte[][] own = new byte[rounds * 3][];
        byte[][] toOthers = new byte[rounds * 2][];
        for (int i = 0; i < own.length; i++) {
            own[i] = new byte[1 + random.nextInt(3000)];
            random.nextBytes(own[i]);
        }
        for (int i = 0; i < toOthers.length; i++) {
            toOthers[i] = new byte[1 + random.nextInt(3000)];
            random.nextBytes(toOthers[i]);
        }
        int[] round = new int[1];
        Factory factory = remote -> new Recorder() {
            @Override
            public void connectionMade(Transport transport) {
                super.connectionMade(transport);
                all.add(transport);
            }

            @Override
            public synchronized void dataReceived(ByteBuffer data) {
                // The first connection, on each byte: its own bytes, then one for each other, interleaved.
                while (data.hasRemaining()) {
                    data.get();
                    int r = round[0]++;
                    put(transport, own[3 * r]);
                    put(all.get(1), toOthers[2 * r]);
                    transport.write(ByteBuffer.wrap(own[3 * r + 1]));
                    all.get(2).write(ByteBuffer.wrap(toOthers[2 * r + 1]));
                    put(transport, own[3 * r + 2]);
                }
            }
        };
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, factory);
        try (Socket a = new Socket("127.0.0.1", port.port())) {
            await(() -> all.size() == 1);
            try (Socket b = new Socket("127.0.0.1", port.port())) {
                await(() -> all.size() == 2);
                try (Socket c = new Socket("127.0.0.1", port.port())) {
                    await(() -> all.size() == 3);
                    for (int r = 0; r < rounds; r += 10) {
                        a.getOutputStream().write(new byte[10]); // several rounds per read batch, or one
                    }
                    ByteArrayOutputStream forA = new ByteArrayOutputStream();
                    ByteArrayOutputStream forB = new ByteArrayOutputStream();
                    ByteArrayOutputStream forC = new ByteArrayOutputStream();
                    for (int r = 0; r < rounds; r++) {
                        forA.writeBytes(own[3 * r]);
                        forA.writeBytes(own[3 * r + 1]);
                        forA.writeBytes(own[3 * r + 2]);
                        forB.writeBytes(toOthers[2 * r]);
                        forC.writeBytes(toOthers[2 * r + 1]);
                    }
                    assertThat(readExactly(b, forB.size())).isEqualTo(forB.toByteArray());
                    assertThat(readExactly(c, forC.size())).isEqualTo(forC.toByteArray());
                    assertThat(readExactly(a, forA.size())).isEqualTo(forA.toByteArray());
                }
            }
        }
    }

    @Test
    void aFullSocketQueuesPooledBuffersAndDrainsThemInOrder() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        Random random = new Random(11);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (Socket client = new Socket("127.0.0.1", port.port())) {
            Transport t = server.made.get(5, TimeUnit.SECONDS);
            // The client does not read yet: 12 MiB of mixed writes fill its socket and the queue.
            onLoop(() -> {
                while (expected.size() < 12 << 20) {
                    int kind = random.nextInt(5);
                    int size = kind == 4 ? 1 + random.nextInt(1 << 20) : 1 + random.nextInt(200_000);
                    byte[] b = new byte[size];
                    random.nextBytes(b);
                    expected.writeBytes(b);
                    switch (kind) {
                        case 0 -> put(t, b);
                        case 1 -> t.write(ByteBuffer.wrap(b));
                        case 2 -> t.write(ByteBuffer.allocateDirect(size).put(b).flip());
                        case 3 -> t.write(ByteBuffer.wrap(b, 0, size / 2), ByteBuffer.wrap(b, size / 2, size - size / 2));
                        default -> put(t, b);
                    }
                }
                return null;
            });
            assertThat(t.isWritable()).isFalse();
            assertThat(readExactly(client, expected.size())).isEqualTo(expected.toByteArray());
            await(() -> onLoopQuietly(() -> !((TcpConnection) t).hasQueue()));
            assertThat(t.bufferedAmount()).isZero();
            assertThat(t.isWritable()).isTrue();
            assertThat(onLoop(() -> loop.staging().pool().cached())).isPositive()
                    .isLessThanOrEqualTo(BufferPool.MAX_CACHED);
        }
    }

    @Test
    void aProtocolThatThrowsBetweenClaimAndCommitLeavesLaterClaimsWorking() throws Exception {
        Factory factory = remote -> new Recorder() {
            @Override
            public synchronized void dataReceived(ByteBuffer data) {
                byte first = data.get(data.position());
                ByteBuffer claim = transport.claimWrite(data.remaining());
                claim.put(data);
                if (first == 'X') {
                    throw new IllegalStateException("a protocol bug between claim and commit");
                }
                transport.commitWrite(claim);
            }
        };
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, factory);
        try (Socket bad = new Socket("127.0.0.1", port.port())) {
            bad.getOutputStream().write('X');
            bad.setSoTimeout(10_000);
            assertThat(bad.getInputStream().read()).as("the failing connection is aborted").isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // aborted with a reset: as good as an end of stream here
        }
        try (Socket good = new Socket("127.0.0.1", port.port())) {
            good.getOutputStream().write("echo".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(readExactly(good, 4), StandardCharsets.US_ASCII)).isEqualTo("echo");
        }
    }

    @Test
    void claimsAreForTheLoopAndAClaimOnAClosedConnectionIsDiscarded() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket client = new Socket("127.0.0.1", port.port())) {
            Transport t = server.made.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> t.claimWrite(4)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event loop");
            long after = onLoop(() -> {
                t.abortConnection();
                put(t, new byte[100]);
                return t.bufferedAmount();
            });
            assertThat(after).isZero();
            assertThat(onLoop(() -> {
                ByteBuffer one = t.claimWrite(1);
                assertThatThrownBy(() -> t.claimWrite(1)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("not committed");
                t.commitWrite(one);
                return true;
            })).isTrue();
        }
    }

    private boolean onLoopQuietly(Callable<Boolean> call) {
        try {
            return onLoop(call);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s for a condition").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}

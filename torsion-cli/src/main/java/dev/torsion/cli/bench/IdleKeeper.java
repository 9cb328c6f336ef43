package dev.torsion.cli.bench;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.WebSocketProtocolException;
import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds idle-mode connections open on one selector thread: answers the server's pings with pongs (so
 * servers with liveness checks keep the connections), and notices a connection the server closes (counted
 * as an error while the run is holding).
 *
 * <p><b>Threading.</b> {@link #adopt} and {@link #open()} may be called from any thread; everything else
 * happens on the keeper's own thread. <b>Lifecycle.</b> {@link #start()} once, {@link #close()} once: the
 * latter closes every connection and ends the thread.
 */
final class IdleKeeper implements AutoCloseable {

    private final Selector selector;
    private final Queue<SocketChannel> arriving = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final LoadStats stats;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    private final FrameWriter writer = new FrameWriter(Role.CLIENT, new MaskGenerator());
    private final Thread thread;

    IdleKeeper(LoadStats stats) throws IOException {
        this.stats = stats;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "torsion-bench-idle");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Takes over a connected, upgraded, blocking channel. */
    void adopt(SocketChannel channel) {
        open.incrementAndGet();
        arriving.add(channel);
        selector.wakeup();
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    @Override
    public void close() throws InterruptedException {
        closing.set(true);
        selector.wakeup();
        thread.join(10_000);
    }

    private void loop() {
        try {
            while (!closing.get()) {
                selector.select(1000);
                for (SocketChannel c; (c = arriving.poll()) != null; ) {
                    register(c);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    read(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            stats.error("idle keeper: " + e);
        } finally {
            for (SocketChannel c; (c = arriving.poll()) != null; ) {
                IdleConnector.close(c);
            }
            for (SelectionKey key : selector.keys()) {
                IdleConnector.close((SocketChannel) key.channel());
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // exiting
            }
        }
    }

    private void register(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Connection(channel));
        } catch (IOException e) {
            lost(channel, "cannot register: " + e);
        }
    }

    private void read(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        try {
            readBuffer.clear();
            int n = connection.channel.read(readBuffer);
            if (n < 0) {
                lost(connection.channel, "the server closed an idle connection");
                return;
            }
            readBuffer.flip();
            connection.parser.parse(readBuffer, connection);
        } catch (IOException | WebSocketProtocolException e) {
            lost(connection.channel, "idle connection failed: " + e.getMessage());
        }
    }

    private void lost(SocketChannel channel, String why) {
        if (channel.isOpen()) {
            open.decrementAndGet();
            IdleConnector.close(channel);
            if (!closing.get()) {
                stats.error(why);
            }
        }
    }

    /** One held connection: a frame parser that collects control payloads and answers pings and closes. */
    private final class Connection implements FrameSink {
        final SocketChannel channel;
        final FrameParser parser = new FrameParser(Role.CLIENT, 16L << 20);
        private int opcode;
        private byte[] control;
        private int controlLength;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
            this.opcode = opcode;
            this.controlLength = 0;
            if (Opcode.isControl(opcode)) {
                control = new byte[(int) length];
            }
        }

        @Override
        public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
            if (Opcode.isControl(opcode)) {
                buffer.get(index, control, controlLength, length);
                controlLength += length;
            }
        }

        @Override
        public void onFrameEnd() {
            try {
                if (opcode == Opcode.PING) {
                    channel.write(writer.frame(Opcode.PONG, true, 0, ByteBuffer.wrap(control)));
                } else if (opcode == Opcode.CLOSE) {
                    parser.halt();
                    channel.write(writer.frame(Opcode.CLOSE, true, 0, ByteBuffer.wrap(control, 0, Math.min(2, control.length))));
                    lost(channel, "the server closed an idle connection with a close frame");
                }
            } catch (IOException e) {
                lost(channel, "idle connection failed: " + e.getMessage());
            }
        }
    }
}

package dev.torsion.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Zero-copy file sending keeps its place among ordinary writes and reports its end or failure. */
class SendFileTest {

    @TempDir
    Path dir;
    private Reactor reactor;

    @BeforeEach
    void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void aFileGoesOutBetweenWritesInOrder() throws Exception {
        byte[] content = new byte[20 << 20];
        new Random(20).nextBytes(content);
        Path file = dir.resolve("big.bin");
        Files.write(file, content);
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port());
             FileChannel channel = FileChannel.open(file)) {
            Transport t = server.made.get(5, TimeUnit.SECONDS);
            assertThat(t.supportsSendFile()).isTrue();
            CompletableFuture<CompletableFuture<Void>> sent = new CompletableFuture<>();
            t.scheduler().execute(() -> {
                t.write("before|".getBytes());
                CompletableFuture<Void> f = t.sendFile(channel, 1000, content.length - 2000);
                t.write(ByteBuffer.wrap("|after".getBytes()));
                t.loseConnection();
                sent.complete(f);
            });
            socket.setSoTimeout(10_000); // a read that never ends fails instead of hanging the build
            byte[] all = socket.getInputStream().readAllBytes();
            sent.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes("before|".getBytes());
            expected.write(content, 1000, content.length - 2000);
            expected.writeBytes("|after".getBytes());
            assertThat(all).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void aFileShorterThanAskedFailsTheFutureAndTheConnection() throws Exception {
        Path file = dir.resolve("small.bin");
        Files.write(file, new byte[100]);
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port());
             FileChannel channel = FileChannel.open(file)) {
            Transport t = server.made.get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> f = t.sendFile(channel, 0, 1000);
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("ended");
            assertThat(server.lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionLost.class);
        }
    }
}

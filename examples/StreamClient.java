import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.MessageStream;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The other end of {@code StreamServer}: {@code java StreamClient [BASE] [MIB] [MIB_PER_S] [LEAVE_AFTER_MIB]}
 * downloads an MIB-MiB message (default 50) from BASE/download in pieces, checking every byte, as fast as it can
 * or at MIB_PER_S (a slow reader: it asks for the next piece only when its rate allows), or leaves after
 * LEAVE_AFTER_MIB; then uploads as much to BASE/upload, produced in pieces while the session is writable. It
 * holds a few pieces at a time, never a whole message.
 */
public class StreamClient {
    static final int PIECE = 64 * 1024;

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "ws://127.0.0.1:8080";
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 50) << 20;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) * (1 << 20) : 0;
        long leaveAfter = args.length > 3 ? Long.parseLong(args[3]) << 20 : Long.MAX_VALUE;

        WebSocketClient client = WebSocketClient.builder()
                .config(WebSocketConfig.defaults().withReceiveInPieces(true).withMaxMessageSize(1L << 30)).build();
        Download download = new Download(size, rate, leaveAfter);
        WebSocketSession session = client.connect(URI.create(base + "/download"), download).get();
        session.sendText(Long.toString(size >> 20));
        System.out.println(download.result.get());
        session.close().toCompletableFuture().get();
        if (leaveAfter != Long.MAX_VALUE) {
            return;
        }
        Upload upload = new Upload(size);
        WebSocketSession up = client.connect(URI.create(base + "/upload"), upload).get();
        System.out.println("upload: " + upload.answer.get());
        up.close().toCompletableFuture().get();
    }

    /** The byte at {@code offset} of every streamed message (the same pattern as the server's). */
    static byte content(long offset) {
        return (byte) (offset * 31 + (offset >>> 16));
    }

    /** Receives the message in pieces, checks them, and paces its demand to the rate it was given. */
    static final class Download implements WebSocketHandler {
        final CompletableFuture<String> result = new CompletableFuture<>();
        private final long size;
        private final double bytesPerSecond;
        private final long leaveAfter;
        private final long start = System.nanoTime();
        private long received;
        private boolean intact = true;

        Download(long size, double bytesPerSecond, long leaveAfter) {
            this.size = size;
            this.bytesPerSecond = bytesPerSecond;
            this.leaveAfter = leaveAfter;
        }

        @Override
        public void onBinaryPiece(WebSocketSession session, ByteBuffer piece, boolean last) {
            if (result.isDone()) {
                return;                                        // left: what is still on its way goes unread
            }
            while (piece.hasRemaining()) {
                intact &= piece.get() == content(received++);
            }
            if (last || received >= leaveAfter) {
                result.complete((last ? "downloaded " : "left after ") + received + " bytes of " + size
                        + (intact ? ", content ok" : ", content wrong"));
                if (!last) {
                    session.close();                           // the server's pump learns at once
                }
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long due = bytesPerSecond == 0 ? 0 : (long) ((received / bytesPerSecond - seconds) * 1e9);
            if (due > 0) {
                session.scheduler().callLater(Duration.ofNanos(due), () -> session.request(1));   // a slow reader
            } else {
                session.request(1);                            // ready for the next piece
            }
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
            result.complete("closed after " + received + " bytes: " + code.code() + " " + reason);
        }
    }

    /** Sends the message in pieces while the session is writable, and again at each drain. */
    static final class Upload implements WebSocketHandler {
        final CompletableFuture<String> answer = new CompletableFuture<>();
        private final long size;
        private final StringBuilder text = new StringBuilder();
        private long sent;
        private MessageStream stream;

        Upload(long size) {
            this.size = size;
        }

        @Override
        public void onOpen(WebSocketSession session) {
            stream = session.startBinary();
            pump(session);
        }

        @Override
        public void onDrain(WebSocketSession session) {
            pump(session);
        }

        private void pump(WebSocketSession session) {
            while (stream != null && session.isWritable()) {
                int n = (int) Math.min(PIECE, size - sent);
                ByteBuffer piece = ByteBuffer.allocate(n);
                for (int i = 0; i < n; i++) {
                    piece.put(i, content(sent + i));
                }
                sent += n;
                boolean last = sent == size;
                if (!(last ? stream.finish(piece) : stream.write(piece))) {
                    answer.complete("the server stopped the upload");
                    return;
                }
                if (last) {
                    stream = null;
                }
            }
        }

        @Override
        public void onTextPiece(WebSocketSession session, String piece, boolean last) {
            text.append(piece);                                // this session receives in pieces too
            if (last) {
                answer.complete(text.toString());
            }
            session.request(1);
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
            answer.complete("closed before the answer: " + code.code() + " " + reason);
        }
    }
}

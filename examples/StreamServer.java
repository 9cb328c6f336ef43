import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.MessageStream;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.WebSocketResource;

import java.nio.ByteBuffer;

/**
 * Large messages in bounded memory, both ways: {@code java StreamServer [PORT]} answers a text message "50" on
 * {@code ws://127.0.0.1:PORT/download} with a 50 MiB binary message, produced 64 KiB at a time only as fast as
 * the client reads it (isWritable and onDrain), and takes uploads of any size on {@code /upload} in pieces as
 * they arrive (receiveInPieces and request), checking every byte. Neither side ever holds more than a few
 * pieces: run it with {@code -Xmx16m}.
 */
public class StreamServer {
    static final int PIECE = 64 * 1024;

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Resource root = new Resource();
        root.putChild("download", WebSocketResource.builder(request -> new Download()).build());
        root.putChild("upload", WebSocketResource.builder(request -> new Upload())
                .config(WebSocketConfig.defaults().withReceiveInPieces(true).withMaxMessageSize(1L << 30)).build());
        try (Reactor reactor = Reactor.create()) {
            ListeningPort listening = reactor.listenTcp("127.0.0.1", port, new Site(root));
            System.out.println("streaming on ws://127.0.0.1:" + listening.port() + "/download and /upload");
            reactor.run();
        }
    }

    /** The byte at {@code offset} of every streamed message: a pattern both ends can check. */
    static byte content(long offset) {
        return (byte) (offset * 31 + (offset >>> 16));
    }

    /** Sends the message asked for in pieces while the session is writable, and again at each drain. */
    static final class Download implements WebSocketHandler {
        private MessageStream stream;
        private long size;
        private long sent;
        private long mostQueued;

        @Override
        public void onText(WebSocketSession session, String mebibytes) {
            size = Long.parseLong(mebibytes.trim()) << 20;
            sent = 0;
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
                ByteBuffer piece = ByteBuffer.allocate(n);            // produced now: one piece in memory
                for (int i = 0; i < n; i++) {
                    piece.put(i, content(sent + i));
                }
                boolean last = sent + n == size;
                if (!(last ? stream.finish(piece) : stream.write(piece))) {
                    return;                                           // the session stopped sending
                }
                sent += n;
                mostQueued = Math.max(mostQueued, session.bufferedAmount());
                if (last) {
                    stream = null;
                    System.out.println("sent " + sent + " bytes, at most " + mostQueued + " bytes queued");
                }
            }
        }

        @Override
        public void onCloseReceived(WebSocketSession session, CloseCode code, String reason) {
            if (stream != null) {
                stream = null;                                        // cut: the client is leaving
                System.out.println("stopped after " + sent + " bytes: the client closed (" + code.code() + ")");
            }
        }
    }

    /** Checks an upload piece by piece, asking for the next once done with one, and answers with what came. */
    static final class Upload implements WebSocketHandler {
        private long received;
        private boolean intact = true;

        @Override
        public void onBinaryPiece(WebSocketSession session, ByteBuffer piece, boolean last) {
            while (piece.hasRemaining()) {
                intact &= piece.get() == content(received++);
            }
            if (last) {
                session.sendText("received " + received + " bytes, " + (intact ? "content ok" : "content wrong"));
                received = 0;
                intact = true;
            }
            session.request(1);                                       // ready for the next piece
        }
    }
}

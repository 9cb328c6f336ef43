package dev.torsion.websocket;

import dev.torsion.websocket.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The {@link MessageStream} of a {@link TransportWebSocket}: each piece becomes one frame; a text stream checks
 * its bytes with the UTF-8 automaton as they are written, so an invalid message is refused here rather than
 * failed by the peer with 1007.
 *
 * <p><b>Threading.</b> Not for concurrent use (see {@link MessageStream}); the session does the hopping.
 */
final class FragmentedMessageStream implements MessageStream {

    private final TransportWebSocket session;
    private final boolean text;
    private int utf8 = Utf8Validator.ACCEPT;
    private boolean finished;

    FragmentedMessageStream(TransportWebSocket session, boolean text) {
        this.session = session;
        this.text = text;
    }

    @Override
    public boolean write(ByteBuffer data) {
        return send("MessageStream.write", data, false, null);
    }

    @Override
    public void write(ByteBuffer data, SendCallback callback) {
        send("MessageStream.write", data, false, java.util.Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public boolean write(byte[] data) {
        return write(ByteBuffer.wrap(data.clone()));
    }

    @Override
    public boolean write(String piece) {
        return write(ByteBuffer.wrap(piece.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean finish() {
        return finish(ByteBuffer.allocate(0));
    }

    @Override
    public boolean finish(ByteBuffer data) {
        return send("MessageStream.finish", data, true, null);
    }

    @Override
    public void finish(ByteBuffer data, SendCallback callback) {
        send("MessageStream.finish", data, true, java.util.Objects.requireNonNull(callback, "callback"));
    }

    private boolean send(String call, ByteBuffer data, boolean fin, SendCallback callback) {
        if (finished) {
            throw new IllegalStateException(call + ": the stream is finished");
        }
        if (text) {
            int state = Utf8Validator.validate(utf8, data, data.position(), data.limit());
            if (state == Utf8Validator.REJECT) {
                throw new IllegalArgumentException(call + ": the bytes are not valid UTF-8");
            }
            if (fin && state != Utf8Validator.ACCEPT) {
                throw new IllegalArgumentException(call + ": the text ends inside a UTF-8 sequence");
            }
            utf8 = state;
        }
        if (fin) {
            finished = true;
        }
        return session.sendFragment(call, text, data, fin, callback);
    }
}

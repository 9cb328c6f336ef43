package dev.torsion.websocket;

import dev.torsion.websocket.frame.MaskGenerator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a {@link WebSocketConnection} with a listener and an output that record everything as short
 * strings ({@code "text:Hello"}, {@code "binary:0102"}, {@code "ping:.."}, {@code "pong:.."},
 * {@code "closeReceived:1000:bye"}, {@code "startCloseTimer"}, {@code "closeTransport"}) and bytes written.
 */
final class Harness implements ConnectionListener, ConnectionOutput {

    final WebSocketConnection connection;
    final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    Harness(Role role) {
        this(role, WebSocketConfig.defaults());
    }

    Harness(Role role, WebSocketConfig config) {
        this(role, config, true);
    }

    /** A harness whose connection is opened now, or left CONNECTING when {@code open} is false. */
    Harness(Role role, WebSocketConfig config, boolean open) {
        connection = new WebSocketConnection(role, config, this, this, new MaskGenerator(42));
        if (open) {
            connection.open();
        }
    }

    /** An open server-side connection (receives masked frames, sends unmasked). */
    static Harness server() {
        return new Harness(Role.SERVER);
    }

    /** An open client-side connection (receives unmasked frames, sends masked). */
    static Harness client() {
        return new Harness(Role.CLIENT);
    }

    /** Feeds each piece as one receiveData call, stopping when the connection is closed. */
    Harness feed(List<byte[]> pieces) {
        for (byte[] piece : pieces) {
            connection.receiveData(ByteBuffer.wrap(piece.clone()));   // a server unmasks in place
        }
        return this;
    }

    Harness feed(byte[] bytes) {
        return feed(List.of(bytes));
    }

    /** What the connection wrote, as hex, and forgets it. */
    String takeWrittenHex() {
        String hex = Hex.of(written.toByteArray());
        written.reset();
        return hex;
    }

    byte[] takeWritten() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    /** The events and the bytes written, for comparing runs over different cuts. */
    String transcript() {
        return events + " wrote " + Hex.of(written.toByteArray());
    }

    @Override
    public void onText(String text) {
        events.add("text:" + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        events.add("binary:" + hexOf(data));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("ping:" + hexOf(payload));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add("pong:" + hexOf(payload));
    }

    @Override
    public void onCloseReceived(int code, String reason) {
        events.add("closeReceived:" + code + ":" + reason);
    }

    @Override
    public void write(ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        written.write(b, 0, b.length);
    }

    @Override
    public void startCloseTimer() {
        events.add("startCloseTimer");
    }

    @Override
    public void closeTransport() {
        events.add("closeTransport");
    }

    static String hexOf(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        return Hex.of(b);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

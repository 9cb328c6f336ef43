package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;

/**
 * The buffer a thread inflates into, with one read-only view of it that is handed to the
 * {@link InflatedDataSink} for every chunk: inflating allocates nothing per chunk.
 *
 * <p><b>Threading.</b> Confined to one thread (held in a {@code ThreadLocal} by {@link PerMessageDeflate}).
 * <b>Lifecycle:</b> lives as long as its thread; the view is valid until the next chunk.
 */
final class InflateChunk {

    private final byte[] bytes;
    private final ByteBuffer view;

    InflateChunk(int size) {
        this.bytes = new byte[size];
        this.view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** The array to inflate into. */
    byte[] bytes() {
        return bytes;
    }

    /** The view of the first {@code length} bytes, position 0 (whatever the last sink did to it). */
    ByteBuffer view(int length) {
        view.limit(length).position(0);
        return view;
    }
}

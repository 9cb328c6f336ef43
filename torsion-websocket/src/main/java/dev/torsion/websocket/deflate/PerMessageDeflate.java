package dev.torsion.websocket.deflate;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.ExtensionCodec;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The permessage-deflate codec of one connection (RFC 7692 section 7.2), sans-I/O: the framing core hands it
 * whole messages to compress and the payloads of compressed messages to decompress, and applies RSV1.
 *
 * <p><b>Sending.</b> If {@link #shouldCompress(int)} says so, {@link #compress(ByteBuffer)} returns the
 * payload to frame (without the trailing {@code 00 00 ff ff}); set RSV1 on the first frame of the message
 * only. With no context takeover on this side the compressor is borrowed from a pool shared by every
 * connection of the configuration, so an idle connection holds none; with context takeover the connection
 * owns one from its first compressed message until {@link #release()}. When the agreed window for this side
 * is below 15 bits, messages go through a {@link WindowedCompressor} with a pooled compressor in every case:
 * the context it takes over is the last 2^(N-1) bytes sent, kept in a Java array.
 *
 * <p><b>Receiving.</b> For a message whose first frame had RSV1, pass every frame's (unmasked) payload to
 * {@link #decompress(ByteBuffer, boolean, InflatedDataSink)}, with {@code fin} on the last one; the
 * decompressed bytes go to the sink in bounded chunks. A message that passes {@code maxMessageSize} once
 * decompressed fails with {@link MessageTooBigException} (1009) as soon as the limit is passed, invalid data
 * with {@link InvalidCompressedDataException} (1007). The decompressor is allocated at the first compressed
 * message; when the peer uses no context takeover it is borrowed from a pool for one message only.
 *
 * <p>As an {@link ExtensionCodec} (how the connection core uses it): RSV1, {@link #shouldEncode} =
 * {@link #shouldCompress}, {@link #encode} = {@link #compress}, {@link #decode} = {@link #decompress} with
 * failures as {@link WebSocketProtocolException}s carrying 1009 or 1007.
 *
 * <p><b>Threading.</b> Not thread-safe: one connection, one thread at a time (the connection's event loop).
 * <b>Lifecycle:</b> made by {@link PerMessageDeflateExtension#newCodec(long)} when the connection opens;
 * {@link #release()} must be called when it closes (any way it closes) and frees the native zlib memory at
 * once; every other method then throws {@link IllegalStateException}.
 */
public final class PerMessageDeflate implements ExtensionCodec {

    private static final byte[] EMPTY_BLOCK_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte[] NO_INPUT = new byte[0];
    private static final int CHUNK_SIZE = 16 * 1024;
    private static final ThreadLocal<InflateChunk> CHUNKS = ThreadLocal.withInitial(() -> new InflateChunk(CHUNK_SIZE));

    private final Role role;
    private final CodecResources resources;
    private final CompressionProfile profile;
    private final long maxMessageSize;
    private final boolean sendsWithoutContext;
    private final boolean receivesWithoutContext;
    private final int threshold;

    /** For a window below 15 bits: compresses with pooled deflaters and keeps the context itself. */
    private final WindowedCompressor windowed;
    /** Owned compressor (context takeover on our side, 15-bit window), made at the first compressed message. */
    private Deflater deflater;
    /** Owned decompressor (peer keeps context), or one borrowed for the current message. */
    private Inflater inflater;
    private boolean inMessage;
    private boolean finalBlockSeen;
    private long inflatedSize;
    private long inflatedTotal;
    private long compressedReadTotal;
    private boolean released;

    PerMessageDeflate(Role role, DeflateAgreement agreement, CodecResources resources, long maxMessageSize) {
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative: " + maxMessageSize);
        }
        this.role = role;
        this.resources = resources;
        int windowBits = agreement.sendWindowBits(role);
        this.profile = new CompressionProfile(resources.settings().compressionLevel(), windowBits);
        this.maxMessageSize = maxMessageSize;
        this.sendsWithoutContext = agreement.sendsWithoutContextTakeover(role);
        this.windowed = windowBits < DeflateAgreement.MAX_WINDOW_BITS
                ? new WindowedCompressor(windowBits, !sendsWithoutContext) : null;
        this.receivesWithoutContext = agreement.receivesWithoutContextTakeover(role);
        this.threshold = resources.settings().compressionThreshold();
    }

    /** The end this codec serves. */
    public Role role() {
        return role;
    }

    /** True when a message of {@code length} bytes should be compressed (it reaches the threshold). */
    public boolean shouldCompress(int length) {
        return length >= threshold;
    }

    /** RSV1, the "Per-Message Compressed" bit. */
    @Override
    public int reservedBits() {
        return 4;
    }

    /** True when not released and {@link #shouldCompress(int)}. */
    @Override
    public boolean shouldEncode(int length) {
        return !released && shouldCompress(length);
    }

    /** {@link #compress(ByteBuffer)}. */
    @Override
    public ByteBuffer encode(ByteBuffer message) {
        return compress(message);
    }

    /** {@link #decompress}, failing with a {@link WebSocketProtocolException} with the exception's close code. */
    @Override
    public void decode(ByteBuffer payload, boolean fin, Sink sink) {
        try {
            decompressInto(payload, fin, sink);
        } catch (DeflateException e) {
            throw new WebSocketProtocolException(CloseCode.of(e.closeCode()), e.getMessage());
        }
    }

    /**
     * Compresses a whole message.
     *
     * @param message the message, consumed from position to limit
     * @return the payload to frame, without the trailing {@code 00 00 ff ff}; RSV1 goes on its first frame
     */
    public ByteBuffer compress(ByteBuffer message) {
        checkNotReleased("compress");
        if (sendsWithoutContext || windowed != null) {
            return compressShared(message);
        }
        if (deflater == null) {
            deflater = resources.ownedDeflater();
        }
        return DeflateCompression.compress(deflater, message);
    }

    /** True when this side sends without context takeover, so compressed payloads may be shared. */
    public boolean sendsWithoutContextTakeover() {
        return sendsWithoutContext;
    }

    /**
     * The profile under which {@link #compressOnceForSharing(ByteBuffer)} payloads are valid for this
     * connection, or empty when this side keeps context (each message must then be compressed per connection).
     */
    public Optional<CompressionProfile> sharingProfile() {
        return sendsWithoutContext ? Optional.of(profile) : Optional.empty();
    }

    /**
     * Compresses a message once for every connection whose {@link #sharingProfile()} equals this one's.
     *
     * @param message the message, consumed from position to limit
     * @throws IllegalStateException when this side keeps context ({@link #sharingProfile()} is empty)
     */
    public SharedCompressedMessage compressOnceForSharing(ByteBuffer message) {
        checkNotReleased("compressOnceForSharing");
        if (!sendsWithoutContext) {
            throw new IllegalStateException("compressOnceForSharing needs no context takeover on the "
                    + role + " side");
        }
        int length = message.remaining();
        return new SharedCompressedMessage(profile, compressShared(message), length);
    }

    /** True when {@code message} may be sent on this connection as is (RSV1 on its first frame). */
    public boolean canSend(SharedCompressedMessage message) {
        return sendsWithoutContext && !released && message.profile().equals(profile);
    }

    /**
     * Decompresses the payload of one frame of a compressed message.
     *
     * @param payload the frame's unmasked payload, consumed from position to limit (may be empty)
     * @param fin     true on the message's last frame: the trailing {@code 00 00 ff ff} is then appended
     * @param sink    receives the decompressed bytes in chunks of at most 16 KiB
     * @throws MessageTooBigException         when the message passes {@code maxMessageSize} decompressed
     * @throws InvalidCompressedDataException when the payload is not valid DEFLATE data
     */
    public void decompress(ByteBuffer payload, boolean fin, InflatedDataSink sink) throws DeflateException {
        decompressInto(payload, fin, sink);
    }

    private void decompressInto(ByteBuffer payload, boolean fin, Sink sink) throws DeflateException {
        checkNotReleased("decompress");
        if (!inMessage) {
            startMessage();
        }
        boolean done = false;
        try {
            inflate(payload, sink);
            if (fin) {
                inflate(ByteBuffer.wrap(EMPTY_BLOCK_TAIL), sink);
                endMessage();
            }
            done = true;
        } finally {
            if (!done) {
                abandonMessage();
            }
        }
    }

    /**
     * Decompresses a message that arrived in one frame and returns it: a convenience over
     * {@link #decompress(ByteBuffer, boolean, InflatedDataSink)} that collects the chunks.
     */
    public byte[] decompressMessage(ByteBuffer payload) throws DeflateException {
        Collector collector = new Collector();
        decompress(payload, true, collector);
        return collector.toByteArray();
    }

    /**
     * Frees the native zlib memory this connection holds (ends its own compressor and decompressor, gives a
     * borrowed one back). Call it when the connection closes; idempotent.
     */
    @Override
    public void release() {
        if (released) {
            return;
        }
        released = true;
        if (deflater != null) {
            resources.endOwned(deflater);
            deflater = null;
        }
        if (inflater != null) {
            dropInflater();
        }
        inMessage = false;
    }

    /** Decompressed bytes produced on this connection so far, every message counted (for metrics and tests). */
    public long inflatedBytes() {
        return inflatedTotal;
    }

    /** Compressed bytes consumed by the decompressor on this connection so far (for metrics and tests). */
    public long compressedBytesRead() {
        return compressedReadTotal;
    }

    /** True once {@link #release()} was called. */
    public boolean isReleased() {
        return released;
    }

    /** Compresses with a pooled deflater: no context takeover, or a small window (context kept in windowed). */
    private ByteBuffer compressShared(ByteBuffer message) {
        Deflater shared = resources.deflaters().borrow();
        try {
            return windowed != null ? windowed.compress(shared, message) : DeflateCompression.compress(shared, message);
        } finally {
            resources.deflaters().giveBack(shared);
        }
    }

    private void startMessage() {
        if (inflater == null) {
            inflater = receivesWithoutContext ? resources.inflaters().borrow() : resources.ownedInflater();
        }
        inMessage = true;
        finalBlockSeen = false;
        inflatedSize = 0;
    }

    private void endMessage() {
        inMessage = false;
        if (receivesWithoutContext) {
            resources.inflaters().giveBack(inflater);
            inflater = null;
        } else if (finalBlockSeen) {
            // A block with BFINAL ended the stream: nothing of it can be taken over, start afresh.
            inflater.reset();
        }
    }

    /** After a failure the stream state is unknown: drop it, the connection is being failed anyway. */
    private void abandonMessage() {
        inMessage = false;
        if (inflater != null) {
            dropInflater();
        }
    }

    private void dropInflater() {
        if (receivesWithoutContext) {
            resources.inflaters().giveBack(inflater);
        } else {
            resources.endOwned(inflater);
        }
        inflater = null;
    }

    private void inflate(ByteBuffer input, Sink sink) throws DeflateException {
        InflateChunk chunk = CHUNKS.get();
        byte[] out = chunk.bytes();
        int startRemaining = input.remaining();
        inflater.setInput(input);
        try {
            while (true) {
                if (inflater.finished()) {
                    finalBlockSeen = true;
                    if (!input.hasRemaining()) {
                        return;
                    }
                    inflater.reset(); // data after a final block starts a new stream
                    inflater.setInput(input);
                }
                long left = maxMessageSize - inflatedSize; // one byte more than left proves the limit passed
                int room = left >= out.length ? out.length : (int) left + 1;
                int before = input.remaining();
                int produced;
                try {
                    produced = inflater.inflate(out, 0, room);
                } catch (DataFormatException e) {
                    throw new InvalidCompressedDataException("invalid DEFLATE data: " + e.getMessage(), e);
                }
                if (produced > 0) {
                    inflatedSize += produced;
                    inflatedTotal += produced;
                    if (inflatedSize > maxMessageSize) {
                        throw new MessageTooBigException(maxMessageSize);
                    }
                    sink.accept(chunk.view(produced));
                } else if (inflater.needsInput()) {
                    return;
                } else if (inflater.needsDictionary()) {
                    throw new InvalidCompressedDataException("DEFLATE data asks for a preset dictionary", null);
                } else if (!inflater.finished() && input.remaining() == before) {
                    throw new InvalidCompressedDataException("DEFLATE data makes no progress", null);
                }
            }
        } finally {
            compressedReadTotal += startRemaining - input.remaining();
            if (inflater != null) {
                inflater.setInput(NO_INPUT); // keep no reference to the caller's buffer
            }
        }
    }

    private void checkNotReleased(String call) {
        if (released) {
            throw new IllegalStateException(call + "() called after release()");
        }
    }

    /** Collects decompressed chunks into one array. Used by one thread, for one message. */
    private static final class Collector implements InflatedDataSink {
        private byte[] bytes = new byte[256];
        private int length;

        @Override
        public void accept(ByteBuffer chunk) {
            int n = chunk.remaining();
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            chunk.get(bytes, length, n);
            length += n;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }
    }
}

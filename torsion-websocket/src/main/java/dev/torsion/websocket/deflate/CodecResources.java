package dev.torsion.websocket.deflate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The zlib streams shared by every connection of one {@link PerMessageDeflateServer} or
 * {@link PerMessageDeflateClient}: a pool of {@link Deflater}s for sending without context takeover and a
 * pool of {@link Inflater}s for receiving from a peer without context takeover, plus counters of every
 * stream made and ended (pooled or owned by a connection), which the release tests read.
 *
 * <p><b>Threading.</b> Thread-safe. <b>Lifecycle:</b> lives as long as its configuration; {@link #close()}
 * ends the idle pooled streams.
 */
final class CodecResources {

    private final DeflateSettings settings;
    private final ZStreamPool<Deflater> deflaters;
    private final ZStreamPool<Inflater> inflaters;
    private final AtomicLong ownedDeflaters = new AtomicLong();
    private final AtomicLong ownedInflaters = new AtomicLong();

    CodecResources(DeflateSettings settings) {
        this.settings = settings;
        this.deflaters = new ZStreamPool<>(this::makeDeflater, Deflater::reset, Deflater::end, settings.poolCapacity());
        this.inflaters = new ZStreamPool<>(CodecResources::makeInflater, Inflater::reset, Inflater::end,
                settings.poolCapacity());
    }

    DeflateSettings settings() {
        return settings;
    }

    ZStreamPool<Deflater> deflaters() {
        return deflaters;
    }

    ZStreamPool<Inflater> inflaters() {
        return inflaters;
    }

    /** A compressor owned by one connection (context takeover); end it with {@link #endOwned(Deflater)}. */
    Deflater ownedDeflater() {
        ownedDeflaters.incrementAndGet();
        return makeDeflater();
    }

    /** A decompressor owned by one connection (context takeover); end it with {@link #endOwned(Inflater)}. */
    Inflater ownedInflater() {
        ownedInflaters.incrementAndGet();
        return makeInflater();
    }

    void endOwned(Deflater deflater) {
        deflater.end();
        ownedDeflaters.decrementAndGet();
    }

    void endOwned(Inflater inflater) {
        inflater.end();
        ownedInflaters.decrementAndGet();
    }

    /** zlib streams not yet ended (owned by connections, borrowed, or idle in a pool). */
    long liveStreams() {
        return liveDeflaters() + liveInflaters();
    }

    /** Compressors not yet ended (owned by connections, borrowed, or idle in the pool). */
    long liveDeflaters() {
        return ownedDeflaters.get() + deflaters.created() - deflaters.ended();
    }

    /** Decompressors not yet ended (owned by connections, borrowed, or idle in the pool). */
    long liveInflaters() {
        return ownedInflaters.get() + inflaters.created() - inflaters.ended();
    }

    /** zlib streams idle in the pools. */
    int idlePooledStreams() {
        return deflaters.idle() + inflaters.idle();
    }

    void close() {
        deflaters.close();
        inflaters.close();
    }

    private Deflater makeDeflater() {
        return new Deflater(settings.compressionLevel(), true);
    }

    private static Inflater makeInflater() {
        return new Inflater(true);
    }
}

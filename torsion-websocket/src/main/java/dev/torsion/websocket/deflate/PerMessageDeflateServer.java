package dev.torsion.websocket.deflate;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.handshake.ExtensionNegotiator;
import dev.torsion.websocket.handshake.ExtensionOffer;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's permessage-deflate negotiator (RFC 7692 section 7.1) and the home of the compressor pools its
 * connections share. Plug it into {@code ServerHandshake.builder().extension(...)}.
 *
 * <p>It accepts the first well-formed offer, in the client's order, and declines the malformed ones (an
 * unknown or repeated parameter, a missing, extra or out-of-range value). Every legal
 * {@code server_max_window_bits} (8 to 15) is honoured: below 15 this server compresses through a
 * {@link WindowedCompressor}. The response states every {@code *_no_context_takeover} in force (the client's
 * requests and hints plus this server's own choices), {@code server_max_window_bits=N} when it was offered,
 * and {@code client_max_window_bits=N} when the client allowed it and this server asks for a smaller window.
 *
 * <p><b>Threading.</b> Immutable configuration, thread-safe pools: one instance serves every handshake.
 * <b>Lifecycle:</b> {@link #close()} when the server stops ends the idle pooled zlib streams (codecs still
 * open keep working and end theirs on release).
 */
public final class PerMessageDeflateServer implements ExtensionNegotiator, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PerMessageDeflateServer.class.getName());

    private final boolean serverNoContextTakeover;
    private final boolean requestClientNoContextTakeover;
    private final int clientMaxWindowBits;
    private final int serverMaxWindowBits;
    private final CodecResources resources;

    private PerMessageDeflateServer(Builder builder) {
        this.serverNoContextTakeover = builder.serverNoContextTakeover;
        this.requestClientNoContextTakeover = builder.requestClientNoContextTakeover;
        this.clientMaxWindowBits = builder.clientMaxWindowBits;
        this.serverMaxWindowBits = builder.serverMaxWindowBits;
        this.resources = new CodecResources(builder.settings);
    }

    /** A builder with the defaults: server_no_context_takeover, clients keep context, 15-bit windows. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return PerMessageDeflateExtension.NAME;
    }

    @Override
    public Optional<NegotiatedExtension> negotiate(List<ExtensionOffer> offers) {
        for (ExtensionOffer offer : offers) {
            DeflateElement.Result parsed = DeflateElement.parse(offer);
            if (parsed.problem() != null) {
                LOG.log(System.Logger.Level.DEBUG, "declining offer {0}: {1}", offer, parsed.problem());
                continue;
            }
            DeflateElement element = parsed.element();
            DeflateAgreement agreement = agree(element);
            boolean echoServerWindow = element.serverMaxWindowBits() != DeflateElement.ABSENT;
            return Optional.of(new PerMessageDeflateExtension(Role.SERVER, agreement,
                    agreement.toResponseParameters(echoServerWindow), resources));
        }
        return Optional.empty();
    }

    private DeflateAgreement agree(DeflateElement offer) {
        int clientBits = DeflateAgreement.MAX_WINDOW_BITS;
        if (offer.hasClientMaxWindowBits()) {
            int allowed = offer.clientMaxWindowBits() == DeflateElement.NO_VALUE
                    ? DeflateAgreement.MAX_WINDOW_BITS : offer.clientMaxWindowBits();
            clientBits = Math.min(allowed, clientMaxWindowBits);
        }
        return new DeflateAgreement(
                offer.serverNoContextTakeover() || serverNoContextTakeover,
                offer.clientNoContextTakeover() || requestClientNoContextTakeover,
                offer.serverMaxWindowBits() == DeflateElement.ABSENT
                        ? serverMaxWindowBits : Math.min(offer.serverMaxWindowBits(), serverMaxWindowBits),
                clientBits);
    }

    /** How connections of this server compress. */
    public DeflateSettings settings() {
        return resources.settings();
    }

    /** zlib streams made by this server's connections and not yet ended (pooled ones included). */
    public long liveZlibStreams() {
        return resources.liveStreams();
    }

    /** zlib compressors of this server's connections not yet ended (pooled ones included). */
    public long liveCompressors() {
        return resources.liveDeflaters();
    }

    /** zlib decompressors of this server's connections not yet ended (pooled ones included). */
    public long liveDecompressors() {
        return resources.liveInflaters();
    }

    /**
     * The native memory those streams need, in bytes, from zlib's documented sizes at a 15-bit window and
     * memory level 8: {@value #COMPRESSOR_NATIVE_BYTES} per compressor, {@value #DECOMPRESSOR_NATIVE_BYTES} per
     * decompressor. Memory a stream has not touched yet is not resident, so the process's RSS grows by less
     * (docs/permessage-deflate.md has measured figures).
     */
    public long nativeMemoryBytes() {
        return liveCompressors() * COMPRESSOR_NATIVE_BYTES + liveDecompressors() * DECOMPRESSOR_NATIVE_BYTES;
    }

    /** zlib's need for one compressor: {@code (1 << (15 + 2)) + (1 << (8 + 9))} bytes plus about 6 KiB of state. */
    public static final long COMPRESSOR_NATIVE_BYTES = (1 << 17) + (1 << 17) + 6 * 1024;

    /** zlib's need for one decompressor: a 32 KiB window plus its state, about 44 KiB. */
    public static final long DECOMPRESSOR_NATIVE_BYTES = 44 * 1024;

    /** zlib streams idle in this server's pools. */
    public int idlePooledZlibStreams() {
        return resources.idlePooledStreams();
    }

    /** Ends the idle pooled zlib streams; streams given back later are ended at once. Idempotent. */
    @Override
    public void close() {
        resources.close();
    }

    /** Collects a server's choices. Not thread-safe; {@link #build()} gives an immutable negotiator. */
    public static final class Builder {
        private boolean serverNoContextTakeover = true;
        private boolean requestClientNoContextTakeover;
        private int clientMaxWindowBits = DeflateAgreement.MAX_WINDOW_BITS;
        private int serverMaxWindowBits = DeflateAgreement.MAX_WINDOW_BITS;
        private DeflateSettings settings = DeflateSettings.defaults();

        private Builder() {
        }

        /**
         * Whether the server resets its compressor after every message even when the client did not ask
         * (default {@code true}): connections then share pooled compressors, idle ones hold no zlib memory,
         * and broadcasts can be compressed once. {@code false} keeps context (better ratio, about 260 KiB of
         * native memory per connection that has sent a compressed message).
         */
        public Builder serverNoContextTakeover(boolean value) {
            this.serverNoContextTakeover = value;
            return this;
        }

        /**
         * Whether to ask clients to reset their compressor after every message (default {@code false}); with
         * it, connections hold no decompressor between messages.
         */
        public Builder requestClientNoContextTakeover(boolean value) {
            this.requestClientNoContextTakeover = value;
            return this;
        }

        /**
         * The largest window clients that offer {@code client_max_window_bits} are asked to use, 9 to 15
         * (default 15, no request). 8 is refused because zlib cannot compress raw DEFLATE with an 8-bit
         * window, so clients built on it would fail.
         */
        public Builder clientMaxWindowBits(int bits) {
            if (bits < 9 || bits > DeflateAgreement.MAX_WINDOW_BITS) {
                throw new IllegalArgumentException("clientMaxWindowBits must be from 9 to 15, not " + bits);
            }
            this.clientMaxWindowBits = bits;
            return this;
        }

        /**
         * The largest window this server compresses with, 8 to 15 (default 15): a client that offers less gets
         * what it offers, and below 15 the answer states {@code server_max_window_bits=N} even when the client
         * did not offer it (RFC 7692 section 7.1.2.1 allows that). Below 15 a connection that keeps context
         * holds the last 2^(N-1) bytes it sent (2 KiB at 12) instead of its own zlib compressor (about 256 KiB
         * of native memory), at the ratio and speed measured in docs/permessage-deflate.md.
         */
        public Builder serverMaxWindowBits(int bits) {
            DeflateAgreement.checkWindowBits("serverMaxWindowBits", bits);
            this.serverMaxWindowBits = bits;
            return this;
        }

        /** Compression level, threshold and pool size (default {@link DeflateSettings#defaults()}). */
        public Builder settings(DeflateSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** The negotiator, with its own pools. */
        public PerMessageDeflateServer build() {
            return new PerMessageDeflateServer(this);
        }
    }
}

package dev.torsion.websocket.extension;

import dev.torsion.websocket.ExtensionCodec;
import dev.torsion.websocket.handshake.ClientExtension;
import dev.torsion.websocket.handshake.ExtensionNegotiationException;
import dev.torsion.websocket.handshake.ExtensionNegotiator;
import dev.torsion.websocket.handshake.ExtensionOffer;
import dev.torsion.websocket.handshake.ExtensionParameter;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import dev.torsion.websocket.handshake.ReservedBit;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Test extension {@code x-xor; key=K}: it claims RSV2 and XORs every byte of a message with K (1 to 255), on
 * messages of at most {@code maxLength} bytes (longer ones go as they are, or to another extension). The
 * server side ({@link #negotiator(int)}) accepts the first offer with a valid key; the client side
 * ({@link #client(int)}) offers its key and takes the one the server answers. Small, but a real transform:
 * what goes on the wire is not the message, and only the codec on the other side can read it.
 */
public final class XorExtension {

    public static final String NAME = "x-xor";

    private XorExtension() {
    }

    /** The server's negotiator, encoding messages of at most {@code maxLength} bytes. */
    public static ExtensionNegotiator negotiator(int maxLength) {
        return new ExtensionNegotiator() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public Optional<NegotiatedExtension> negotiate(List<ExtensionOffer> offers) {
                for (ExtensionOffer offer : offers) {
                    int key = key(offer);
                    if (key > 0) {
                        return Optional.of(new Agreement(key, maxLength));
                    }
                }
                return Optional.empty();
            }
        };
    }

    /** The client side, offering {@code key} and encoding messages of at most {@code maxLength} bytes. */
    public static ClientExtension client(int key, int maxLength) {
        return new ClientExtension() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public List<ExtensionOffer> offers() {
                return List.of(new ExtensionOffer(NAME, List.of(ExtensionParameter.of("key", Integer.toString(key)))));
            }

            @Override
            public Optional<NegotiatedExtension> accept(List<ExtensionOffer> response)
                    throws ExtensionNegotiationException {
                for (ExtensionOffer element : response) {
                    if (element.hasName(NAME)) {
                        int agreed = key(element);
                        if (agreed <= 0) {
                            throw new ExtensionNegotiationException("x-xor answered without a valid key");
                        }
                        return Optional.of(new Agreement(agreed, maxLength));
                    }
                }
                return Optional.empty();
            }
        };
    }

    /** The client side offering {@code key}, encoding every message. */
    public static ClientExtension client(int key) {
        return client(key, Integer.MAX_VALUE);
    }

    private static int key(ExtensionOffer offer) {
        if (offer.parameters().size() != 1 || !offer.parameters().get(0).name().equals("key")) {
            return -1;
        }
        try {
            int key = Integer.parseInt(offer.parameters().get(0).value());
            return key >= 1 && key <= 255 ? key : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The agreement: RSV2, the key, and a codec per connection. */
    record Agreement(int key, int maxLength) implements NegotiatedExtension {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<ExtensionParameter> parameters() {
            return List.of(ExtensionParameter.of("key", Integer.toString(key)));
        }

        @Override
        public Set<ReservedBit> reservedBits() {
            return Set.of(ReservedBit.RSV2);
        }

        @Override
        public Optional<ExtensionCodec> codec(long maxMessageSize) {
            return Optional.of(new Codec((byte) key, maxLength));
        }
    }

    /** XORs with the key; counts its releases for the tests. */
    public static final class Codec implements ExtensionCodec {
        private final byte key;
        private final int maxLength;
        private final byte[] scratch = new byte[64];
        private int releases;

        Codec(byte key, int maxLength) {
            this.key = key;
            this.maxLength = maxLength;
        }

        @Override
        public int reservedBits() {
            return 2;
        }

        @Override
        public boolean shouldEncode(int length) {
            return length <= maxLength;
        }

        @Override
        public ByteBuffer encode(ByteBuffer message) {
            ByteBuffer out = ByteBuffer.allocate(message.remaining());
            while (message.hasRemaining()) {
                out.put((byte) (message.get() ^ key));
            }
            return out.flip();
        }

        @Override
        public void decode(ByteBuffer payload, boolean fin, Sink sink) {
            while (payload.hasRemaining()) { // in small chunks, as a streaming codec would
                int n = Math.min(scratch.length, payload.remaining());
                for (int i = 0; i < n; i++) {
                    scratch[i] = (byte) (payload.get() ^ key);
                }
                sink.accept(ByteBuffer.wrap(scratch, 0, n));
            }
        }

        @Override
        public void release() {
            releases++;
        }

        /** How many times {@link #release()} was called. */
        public int releases() {
            return releases;
        }
    }
}

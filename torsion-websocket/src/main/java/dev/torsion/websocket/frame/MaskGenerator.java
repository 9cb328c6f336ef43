package dev.torsion.websocket.frame;

import java.security.SecureRandom;

/**
 * Masking keys for the frames a client sends (RFC 6455 section 5.3): a fresh 32-bit key per frame.
 *
 * <p>Each generator is a SplitMix64 sequence whose 64-bit starting point comes from a shared
 * {@link SecureRandom}, so keys differ between connections and runs and cannot be chosen by an application;
 * drawing one costs a few arithmetic operations instead of a call into the operating system's entropy
 * source. The sequence is <em>not</em> cryptographically strong: someone who sees several keys of one
 * connection could predict the next. Section 10.3's threat is untrusted script code (in a browser) that picks
 * payloads to make masked bytes look like another protocol to an intermediary; a Torsion client is driven by
 * its own application, not by untrusted scripts. Use {@link #secure()} where that trade-off is not acceptable.
 *
 * <p><b>Threading.</b> Not thread-safe: one generator per connection, used on its event loop.
 */
public class MaskGenerator {

    private static final SecureRandom SEEDS = new SecureRandom();
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator seeded from the shared {@link SecureRandom}. */
    public MaskGenerator() {
        this(SEEDS.nextLong());
    }

    /** A generator with a fixed seed, for reproducible tests. */
    public MaskGenerator(long seed) {
        this.state = seed;
    }

    /** A generator that draws every key from a {@link SecureRandom}: slower, unpredictable. */
    public static MaskGenerator secure() {
        return new MaskGenerator(0) {
            private final SecureRandom random = new SecureRandom();

            @Override
            public int nextKey() {
                return random.nextInt();
            }
        };
    }

    /** The next masking key. */
    public int nextKey() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }
}

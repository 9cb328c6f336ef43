package dev.torsion.websocket.handshake;

/**
 * The three reserved bits of a WebSocket frame header (RFC 6455 section 5.2), which only a negotiated
 * extension may set; permessage-deflate, for one, claims {@link #RSV1}.
 *
 * <p>The framing layer allows a frame with one of these bits set only when an agreed
 * {@link NegotiatedExtension} claims it. Constants; safe from any thread.
 */
public enum ReservedBit {
    /** RSV1, bit {@code 0x40} of the first header byte. */
    RSV1(0x40),
    /** RSV2, bit {@code 0x20} of the first header byte. */
    RSV2(0x20),
    /** RSV3, bit {@code 0x10} of the first header byte. */
    RSV3(0x10);

    private final int mask;

    ReservedBit(int mask) {
        this.mask = mask;
    }

    /** The bit's mask within the first byte of a frame header. */
    public int mask() {
        return mask;
    }
}

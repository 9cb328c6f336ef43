package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Bytes written as in the RFC, {@code "f2 48 cd"}, for tests. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static ByteBuffer buffer(String spaced) {
        return ByteBuffer.wrap(bytes(spaced));
    }

    static String of(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return of(bytes);
    }

    static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}

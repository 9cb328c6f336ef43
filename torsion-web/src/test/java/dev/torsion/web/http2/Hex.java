package dev.torsion.web.http2;

import java.util.HexFormat;

/** Hex strings as the RFCs print them (spaces and line breaks ignored). */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String of(byte[] bytes, int offset, int length) {
        return HexFormat.of().formatHex(bytes, offset, offset + length);
    }
}

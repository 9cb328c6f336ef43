package dev.torsion.websocket;

import java.io.ByteArrayOutputStream;

/** Test helper: frames written as hex, the way RFC 6455 section 5.7 shows them ("0x81 0x05 0x48 ..." or "81 05 48"). */
final class Hex {

    private Hex() {
    }

    /** The bytes of one or more hex strings, joined; "0x" prefixes, spaces and commas are ignored. */
    static byte[] bytes(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            String digits = part.replace("0x", "").replaceAll("[\\s,]", "");
            if (digits.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits: " + part);
            }
            for (int i = 0; i < digits.length(); i += 2) {
                out.write(Integer.parseInt(digits.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    /** Lower-case hex of {@code bytes}, two digits per byte, no separators. */
    static String of(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] a : arrays) {
            out.write(a, 0, a.length);
        }
        return out.toByteArray();
    }
}

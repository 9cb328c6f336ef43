package dev.torsion.websocket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test helper: the ways TCP may cut a byte stream. For an input of n bytes: in one piece, one byte per piece,
 * cut in two at every split point (for long inputs: every point in the first and last 32 bytes and a stride
 * in between), and a few random cuts into many pieces (fixed seed).
 */
final class Cuts {

    private Cuts() {
    }

    /** Every way to cut {@code data} that the tests feed; each cut is a list of pieces. */
    static List<List<byte[]>> of(byte[] data) {
        List<List<byte[]>> cuts = new ArrayList<>();
        cuts.add(List.of(data));
        cuts.add(pieces(data, 1));
        int n = data.length;
        for (int at = 1; at < n; at++) {
            boolean edge = at <= 32 || at >= n - 32;
            if (n <= 512 || edge || at % 509 == 0) {
                cuts.add(List.of(Arrays.copyOfRange(data, 0, at), Arrays.copyOfRange(data, at, n)));
            }
        }
        Random random = new Random(6455);
        for (int r = 0; r < 8 && n > 2; r++) {
            List<byte[]> cut = new ArrayList<>();
            int at = 0;
            while (at < n) {
                int size = 1 + random.nextInt(Math.max(1, Math.min(n - at, 1 + n / 3)));
                cut.add(Arrays.copyOfRange(data, at, at + size));
                at += size;
            }
            cuts.add(cut);
        }
        return cuts;
    }

    /** {@code data} in pieces of {@code size} bytes. */
    static List<byte[]> pieces(byte[] data, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int at = 0; at < data.length; at += size) {
            pieces.add(Arrays.copyOfRange(data, at, Math.min(data.length, at + size)));
        }
        return pieces;
    }

    /** A readable description of a cut, for assertion messages. */
    static String describe(List<byte[]> cut) {
        StringBuilder s = new StringBuilder("pieces of sizes [");
        for (int i = 0; i < cut.size() && i < 12; i++) {
            s.append(i == 0 ? "" : ", ").append(cut.get(i).length);
        }
        return s.append(cut.size() > 12 ? ", ...]" : "]").toString();
    }
}

package dev.torsion.websocket;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helper: the same bytes must give the same result whatever the cut. */
final class Expect {

    private Expect() {
    }

    /**
     * Feeds {@code input} to a fresh harness for every cut of {@link Cuts#of} and asserts the events and the
     * frames written are always {@code events} and {@code written}.
     */
    static void sameForEveryCut(Supplier<Harness> harness, byte[] input, List<String> events, List<String> written) {
        for (List<byte[]> cut : Cuts.of(input)) {
            Harness h = harness.get().feed(cut);
            assertThat(h.events).as("events for %s", Cuts.describe(cut)).isEqualTo(events);
            assertThat(Frames.decode(h.takeWritten(), h.connection.role()))
                    .as("frames written for %s", Cuts.describe(cut)).isEqualTo(written);
        }
    }

    /**
     * Feeds {@code input} at every cut and asserts the connection failed with {@code code}: the only frame
     * written is a close frame with that code and an empty reason, TCP is to be closed, and no message or
     * other event came out.
     */
    static void failsForEveryCut(Supplier<Harness> harness, byte[] input, int code) {
        failsForEveryCut(harness, input, code, List.of());
    }

    /** As above, but allowing {@code eventsBefore} (e.g. messages delivered before the bad frame). */
    static void failsForEveryCut(Supplier<Harness> harness, byte[] input, int code, List<String> eventsBefore) {
        for (List<byte[]> cut : Cuts.of(input)) {
            Harness h = harness.get().feed(cut);
            assertThat(h.connection.state()).as("state for %s", Cuts.describe(cut)).isEqualTo(ConnectionState.CLOSED);
            assertThat(h.connection.closeCode().code()).as("close code for %s", Cuts.describe(cut)).isEqualTo(code);
            assertThat(h.connection.wasClean()).isFalse();
            List<String> expected = new java.util.ArrayList<>(eventsBefore);
            expected.add("closeTransport");
            assertThat(h.events).as("events for %s", Cuts.describe(cut)).isEqualTo(expected);
            assertThat(Frames.decode(h.takeWritten(), h.connection.role()))
                    .as("frames written for %s", Cuts.describe(cut)).endsWith(Frames.close(code));
        }
    }
}

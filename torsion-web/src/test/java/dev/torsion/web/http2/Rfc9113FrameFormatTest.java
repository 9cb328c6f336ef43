package dev.torsion.web.http2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9113 sections 4.1, 4.2 and 6: every frame type read from hex, with padding and priority fields, and
 * the same frames fed whole, byte by byte, cut at every point and at random points, giving the same result;
 * then each frame-level rule broken once, with the error and code the RFC names.
 */
class Rfc9113FrameFormatTest {

    /** One frame of each type, in hex: header (length, type, flags, stream), then payload. */
    static final String EVERY_TYPE = String.join("",
            "000006 04 00 00000000 0003 00000064",                 // SETTINGS MAX_CONCURRENT_STREAMS 100
            "000000 04 01 00000000",                               // SETTINGS ACK
            "00000b 01 25 00000001 80000003 0f 8286 8441 0f77",    // HEADERS END_STREAM|END_HEADERS|PRIORITY, exclusive dep 3
            "00000a 01 08 00000003 03 82 8684 41 01 61 000000",    // HEADERS PADDED (pad 3), no END_HEADERS
            "000002 09 04 00000003 6263",                          // CONTINUATION END_HEADERS
            "000008 00 09 00000003 02 68 65 6c 6c 6f 0000",        // DATA END_STREAM|PADDED "hello", pad 2
            "000000 00 00 00000005",                               // DATA empty
            "000005 02 00 00000007 00000003 10",                   // PRIORITY dep 3
            "000004 03 00 00000003 00000008",                      // RST_STREAM CANCEL
            "000008 06 00 00000000 0102030405060708",              // PING
            "000008 06 01 00000000 0102030405060708",              // PING ACK
            "00000b 07 00 00000000 00000005 00000000 627965",      // GOAWAY last 5 NO_ERROR "bye"
            "000004 08 00 00000000 00010000",                      // WINDOW_UPDATE connection +65536
            "000004 08 00 00000003 7fffffff",                      // WINDOW_UPDATE stream 3 +2^31-1
            "000008 05 04 00000003 00000004 8286 8441",            // PUSH_PROMISE promised 4
            "000003 fa 00 00000001 010203");                       // unknown type 0xfa, ignored

    static final String EXPECTED = """
            SETTINGS Http2Settings[0x3=100]
            SETTINGS ACK
            HEADERS 1 END_STREAM END_HEADERS dep 3 828684410f77
            HEADERS 3 dep -1 828684410161
            CONTINUATION 3 END_HEADERS 6263
            DATA 3 END_STREAM 68656c6c6f flow 8
            DATA 5  flow 0
            PRIORITY 7 dep 3
            RST_STREAM 3 8
            PING 102030405060708
            PING ACK 102030405060708
            GOAWAY last 5 0 627965
            WINDOW_UPDATE 0 +65536
            WINDOW_UPDATE 3 +2147483647
            PUSH_PROMISE 3 promised 4 82868441
            unknown type 250 on 1
            """;

    @Test
    void section_6_every_frame_type_is_read_whole() {
        assertThat(FrameTranscript.whole(Hex.bytes(EVERY_TYPE))).isEqualTo(EXPECTED);
    }

    @Test
    void section_4_1_frames_fed_byte_by_byte_give_the_same_result() {
        assertThat(FrameTranscript.byteByByte(Hex.bytes(EVERY_TYPE))).isEqualTo(EXPECTED);
    }

    @Test
    void section_4_1_frames_cut_at_every_point_give_the_same_result() {
        byte[] wire = Hex.bytes(EVERY_TYPE);
        for (int at = 0; at <= wire.length; at++) {
            assertThat(FrameTranscript.splitAt(wire, at)).as("cut at %d", at).isEqualTo(EXPECTED);
        }
    }

    @Test
    void section_4_1_frames_cut_at_random_points_give_the_same_result() {
        byte[] wire = Hex.bytes(EVERY_TYPE);
        for (long seed = 0; seed < 200; seed++) {
            assertThat(FrameTranscript.randomSplits(wire, seed)).as("seed %d", seed).isEqualTo(EXPECTED);
        }
    }

    private static String error(String hex) {
        String t = FrameTranscript.whole(Hex.bytes(hex));
        String[] lines = t.split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void section_4_2_a_frame_larger_than_max_frame_size_is_a_frame_size_error() {
        assertThat(error("004001 00 00 00000001")).startsWith("connection error FRAME_SIZE_ERROR: DATA frame of 16385 bytes");
    }

    @Test
    void section_6_1_data_on_stream_0_is_a_protocol_error() {
        assertThat(error("000001 00 00 00000000 00")).isEqualTo("connection error PROTOCOL_ERROR: DATA frame on stream 0");
    }

    @Test
    void section_6_1_padding_as_long_as_the_payload_is_a_protocol_error() {
        assertThat(error("000003 00 08 00000001 03 0000")).startsWith("connection error PROTOCOL_ERROR: DATA frame padding of 3");
        assertThat(FrameTranscript.whole(Hex.bytes("000003 00 08 00000001 02 0000")))
                .as("padding that fills the rest is fine").isEqualTo("DATA 1  flow 3\n");
        assertThat(FrameTranscript.whole(Hex.bytes("000003 00 08 00000001 01 ff 00"))).isEqualTo("DATA 1 ff flow 3\n");
    }

    @Test
    void section_6_2_headers_on_stream_0_and_short_priority_fields() {
        assertThat(error("000001 01 04 00000000 82")).isEqualTo("connection error PROTOCOL_ERROR: HEADERS frame on stream 0");
        assertThat(error("000003 01 24 00000001 000000")).startsWith("connection error FRAME_SIZE_ERROR: HEADERS frame with the PRIORITY flag");
    }

    @Test
    void section_6_3_priority_of_the_wrong_length_is_a_stream_error() {
        assertThat(error("000004 02 00 00000001 00000003"))
                .isEqualTo("stream error 1 FRAME_SIZE_ERROR: PRIORITY frame of 4 bytes, not 5");
        assertThat(error("000005 02 00 00000000 0000000310")).isEqualTo("connection error PROTOCOL_ERROR: PRIORITY frame on stream 0");
    }

    @Test
    void section_6_4_rst_stream_rules() {
        assertThat(error("000003 03 00 00000001 000000")).isEqualTo("connection error FRAME_SIZE_ERROR: RST_STREAM frame of 3 bytes, not 4");
        assertThat(error("000004 03 00 00000000 00000000")).isEqualTo("connection error PROTOCOL_ERROR: RST_STREAM frame on stream 0");
    }

    @Test
    void section_6_5_settings_rules() {
        assertThat(error("000006 04 00 00000001 000300000064")).isEqualTo("connection error PROTOCOL_ERROR: SETTINGS frame on stream 1, not 0");
        assertThat(error("000001 04 01 00000000 00")).startsWith("connection error FRAME_SIZE_ERROR: SETTINGS acknowledgement with a payload");
        assertThat(error("000005 04 00 00000000 0003000000")).isEqualTo("connection error FRAME_SIZE_ERROR: SETTINGS frame of 5 bytes, not a multiple of 6");
    }

    @Test
    void section_6_5_2_settings_values_out_of_range() {
        assertThat(error("000006 04 00 00000000 000200000002")).isEqualTo("connection error PROTOCOL_ERROR: SETTINGS parameter 0x2 must be 0 or 1, got 2");
        assertThat(error("000006 04 00 00000000 000480000000")).isEqualTo("connection error FLOW_CONTROL_ERROR: SETTINGS_INITIAL_WINDOW_SIZE 2147483648 is above 2^31 - 1");
        assertThat(error("000006 04 00 00000000 000500003fff")).isEqualTo("connection error PROTOCOL_ERROR: SETTINGS_MAX_FRAME_SIZE 16383 is outside 16384 .. 16777215");
        assertThat(error("000006 04 00 00000000 000501000000")).isEqualTo("connection error PROTOCOL_ERROR: SETTINGS_MAX_FRAME_SIZE 16777216 is outside 16384 .. 16777215");
        assertThat(FrameTranscript.whole(Hex.bytes("000006 04 00 00000000 00ff00000001")))
                .as("an unknown setting is ignored").isEqualTo("SETTINGS Http2Settings[]\n");
    }

    @Test
    void section_6_7_ping_rules() {
        assertThat(error("000007 06 00 00000000 01020304050607")).isEqualTo("connection error FRAME_SIZE_ERROR: PING frame of 7 bytes, not 8");
        assertThat(error("000008 06 00 00000001 0102030405060708")).isEqualTo("connection error PROTOCOL_ERROR: PING frame on stream 1, not 0");
    }

    @Test
    void section_6_8_goaway_rules() {
        assertThat(error("000008 07 00 00000001 0000000000000000")).isEqualTo("connection error PROTOCOL_ERROR: GOAWAY frame on stream 1, not 0");
        assertThat(error("000007 07 00 00000000 00000000000000")).isEqualTo("connection error FRAME_SIZE_ERROR: GOAWAY frame of 7 bytes, less than 8");
    }

    @Test
    void section_6_9_window_update_rules() {
        assertThat(error("000004 08 00 00000000 00000000")).isEqualTo("connection error PROTOCOL_ERROR: WINDOW_UPDATE with an increment of 0");
        assertThat(error("000004 08 00 00000001 00000000")).isEqualTo("stream error 1 PROTOCOL_ERROR: WINDOW_UPDATE with an increment of 0");
        assertThat(error("000003 08 00 00000001 000001")).isEqualTo("connection error FRAME_SIZE_ERROR: WINDOW_UPDATE frame of 3 bytes, not 4");
        assertThat(FrameTranscript.whole(Hex.bytes("000004 08 00 00000001 80000001")))
                .as("the reserved bit is ignored").isEqualTo("WINDOW_UPDATE 1 +1\n");
    }

    @Test
    void section_6_10_continuation_on_stream_0() {
        assertThat(error("000001 09 04 00000000 82")).isEqualTo("connection error PROTOCOL_ERROR: CONTINUATION frame on stream 0");
    }

    @Test
    void section_4_1_the_reserved_bit_of_the_stream_identifier_is_ignored() {
        assertThat(FrameTranscript.whole(Hex.bytes("000004 03 00 80000003 00000008"))).isEqualTo("RST_STREAM 3 8\n");
    }
}

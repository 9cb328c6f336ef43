package dev.torsion.web.http2;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7541 Appendix C: every example, decoded (fields and dynamic table size after each block) and encoded
 * back to the same bytes with the RFC's choices (every literal indexed; Huffman never in C.3 and C.5, always
 * in C.4 and C.6).
 */
class Rfc7541AppendixCTest {

    private static Http2Headers headers(String... nameValues) {
        Http2Headers h = new Http2Headers();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    private static Http2Headers decode(HpackDecoder decoder, String hex) throws HpackException {
        byte[] block = Hex.bytes(hex);
        Http2Headers out = new Http2Headers();
        assertThat(decoder.decode(block, 0, block.length, out)).isTrue();
        return out;
    }

    private static String encode(HpackEncoder encoder, Http2Headers headers) {
        ByteOutput out = new ByteOutput(16);
        encoder.encode(headers, out);
        return Hex.of(out.array(), 0, out.size());
    }

    /** C.1: integer representation. */
    @Nested
    class C1Integers {
        private String encoded(int prefixBits, int value) {
            ByteOutput out = new ByteOutput(4);
            HpackEncoder.integer(0, prefixBits, value, out);
            return Hex.of(out.array(), 0, out.size());
        }

        @Test
        void c11_ten_with_a_5_bit_prefix() {
            assertThat(encoded(5, 10)).isEqualTo("0a");
        }

        @Test
        void c12_1337_with_a_5_bit_prefix() {
            assertThat(encoded(5, 1337)).isEqualTo("1f9a0a");
        }

        @Test
        void c13_42_at_an_octet_boundary() {
            assertThat(encoded(8, 42)).isEqualTo("2a");
        }

        @Test
        void c12_decoded_through_a_literal_length() throws HpackException {
            // a literal without indexing, name index 31 (content-type) written with the 4-bit prefix 15 + 16
            Http2Headers h = decode(new HpackDecoder(4096, 1 << 20), "0f10 03 616263");
            assertThat(h).isEqualTo(headers("content-type", "abc"));
        }
    }

    /** C.2: header field representations. */
    @Nested
    class C2Fields {
        @Test
        void c21_literal_with_indexing() throws HpackException {
            HpackDecoder d = new HpackDecoder(4096, 1 << 20);
            assertThat(decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"))
                    .isEqualTo(headers("custom-key", "custom-header"));
            assertThat(d.tableSize()).isEqualTo(55);
            assertThat(d.tableLength()).isEqualTo(1);
        }

        @Test
        void c22_literal_without_indexing() throws HpackException {
            HpackDecoder d = new HpackDecoder(4096, 1 << 20);
            assertThat(decode(d, "040c 2f73 616d 706c 652f 7061 7468")).isEqualTo(headers(":path", "/sample/path"));
            assertThat(d.tableSize()).isZero();
        }

        @Test
        void c23_literal_never_indexed() throws HpackException {
            HpackDecoder d = new HpackDecoder(4096, 1 << 20);
            assertThat(decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74")).isEqualTo(headers("password", "secret"));
            assertThat(d.tableSize()).isZero();
        }

        @Test
        void c23_the_selective_encoder_never_indexes_secrets() {
            HpackEncoder e = new HpackEncoder();
            // authorization (static name 23) as a never-indexed literal: 0001 1111 + 8, i.e. 1f08
            assertThat(encode(e, headers("authorization", "x"))).startsWith("1f08");
            assertThat(e.tableSize()).isZero();
        }

        @Test
        void c24_indexed_field() throws HpackException {
            HpackDecoder d = new HpackDecoder(4096, 1 << 20);
            assertThat(decode(d, "82")).isEqualTo(headers(":method", "GET"));
            assertThat(d.tableSize()).isZero();
        }
    }

    static final Http2Headers REQUEST_1 = headers(":method", "GET", ":scheme", "http", ":path", "/",
            ":authority", "www.example.com");
    static final Http2Headers REQUEST_2 = headers(":method", "GET", ":scheme", "http", ":path", "/",
            ":authority", "www.example.com", "cache-control", "no-cache");
    static final Http2Headers REQUEST_3 = headers(":method", "GET", ":scheme", "https", ":path", "/index.html",
            ":authority", "www.example.com", "custom-key", "custom-value");
    static final List<Http2Headers> REQUESTS = List.of(REQUEST_1, REQUEST_2, REQUEST_3);
    static final List<Long> REQUEST_TABLE_SIZES = List.of(57L, 110L, 164L);

    static final Http2Headers RESPONSE_1 = headers(":status", "302", "cache-control", "private",
            "date", "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com");
    static final Http2Headers RESPONSE_2 = headers(":status", "307", "cache-control", "private",
            "date", "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com");
    static final Http2Headers RESPONSE_3 = headers(":status", "200", "cache-control", "private",
            "date", "Mon, 21 Oct 2013 20:13:22 GMT", "location", "https://www.example.com",
            "content-encoding", "gzip", "set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1");
    static final List<Http2Headers> RESPONSES = List.of(RESPONSE_1, RESPONSE_2, RESPONSE_3);
    static final List<Long> RESPONSE_TABLE_SIZES = List.of(222L, 222L, 215L);

    static final List<String> C3 = List.of(
            "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "8286 84be 5808 6e6f 2d63 6163 6865",
            "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
    static final List<String> C4 = List.of(
            "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
            "8286 84be 5886 a8eb 1064 9cbf",
            "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
    static final List<String> C5 = List.of(
            "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32"
                    + "3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "4803 3330 37c1 c0bf",
            "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970"
                    + "7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178"
                    + "2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");
    static final List<String> C6 = List.of(
            "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad"
                    + "1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
            "4883 640e ffc1 c0bf",
            "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2"
                    + "e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50"
                    + "07");

    private static void checkDecoding(HpackDecoder d, List<String> blocks, List<Http2Headers> expected,
                                      List<Long> sizes) throws HpackException {
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(decode(d, blocks.get(i))).as("block %d", i + 1).isEqualTo(expected.get(i));
            assertThat(d.tableSize()).as("table size after block %d", i + 1).isEqualTo(sizes.get(i));
        }
    }

    private static void checkEncoding(HpackEncoder e, List<String> blocks, List<Http2Headers> headers,
                                      List<Long> sizes) {
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(encode(e, headers.get(i))).as("block %d", i + 1)
                    .isEqualTo(blocks.get(i).replace(" ", ""));
            assertThat(e.tableSize()).as("table size after block %d", i + 1).isEqualTo(sizes.get(i));
        }
    }

    @Test
    void c3_requests_without_huffman_decode() throws HpackException {
        checkDecoding(new HpackDecoder(4096, 1 << 20), C3, REQUESTS, REQUEST_TABLE_SIZES);
    }

    @Test
    void c3_requests_without_huffman_encode() {
        checkEncoding(new HpackEncoder(4096, HpackEncoder.Indexing.ALL, HpackEncoder.HuffmanUse.NEVER),
                C3, REQUESTS, REQUEST_TABLE_SIZES);
    }

    @Test
    void c4_requests_with_huffman_decode() throws HpackException {
        checkDecoding(new HpackDecoder(4096, 1 << 20), C4, REQUESTS, REQUEST_TABLE_SIZES);
    }

    @Test
    void c4_requests_with_huffman_encode() {
        checkEncoding(new HpackEncoder(4096, HpackEncoder.Indexing.ALL, HpackEncoder.HuffmanUse.ALWAYS),
                C4, REQUESTS, REQUEST_TABLE_SIZES);
    }

    @Test
    void c5_responses_without_huffman_decode_with_evictions() throws HpackException {
        checkDecoding(new HpackDecoder(256, 1 << 20), C5, RESPONSES, RESPONSE_TABLE_SIZES);
    }

    @Test
    void c5_responses_without_huffman_encode_with_evictions() {
        checkEncoding(new HpackEncoder(256, HpackEncoder.Indexing.ALL, HpackEncoder.HuffmanUse.NEVER),
                C5, RESPONSES, RESPONSE_TABLE_SIZES);
    }

    @Test
    void c6_responses_with_huffman_decode_with_evictions() throws HpackException {
        checkDecoding(new HpackDecoder(256, 1 << 20), C6, RESPONSES, RESPONSE_TABLE_SIZES);
    }

    @Test
    void c6_responses_with_huffman_encode_with_evictions() {
        checkEncoding(new HpackEncoder(256, HpackEncoder.Indexing.ALL, HpackEncoder.HuffmanUse.ALWAYS),
                C6, RESPONSES, RESPONSE_TABLE_SIZES);
    }
}

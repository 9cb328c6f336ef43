package dev.torsion.web.http2;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RFC 7541 sections 4 to 6 and 7.3: malformed blocks are decoding errors with a message that says what was
 * wrong; header lists past the limit are cut without losing the table's state; the Huffman code round-trips
 * every octet.
 */
class Rfc7541DecodingErrorsTest {

    private static Http2Headers decode(HpackDecoder d, String hex) throws HpackException {
        byte[] block = Hex.bytes(hex);
        Http2Headers out = new Http2Headers();
        d.decode(block, 0, block.length, out);
        return out;
    }

    private static HpackDecoder decoder() {
        return new HpackDecoder(4096, 1 << 20);
    }

    @Test
    void section_2_3_3_index_zero_is_an_error() {
        assertThatThrownBy(() -> decode(decoder(), "80")).isInstanceOf(HpackException.class)
                .hasMessageContaining("index 0");
    }

    @Test
    void section_2_3_3_an_index_past_both_tables_is_an_error() {
        assertThatThrownBy(() -> decode(decoder(), "be")).hasMessageContaining("index 62");
    }

    @Test
    void section_5_1_a_truncated_integer_is_an_error() {
        assertThatThrownBy(() -> decode(decoder(), "ff")).hasMessageContaining("inside an integer");
    }

    @Test
    void section_5_1_an_integer_past_2_to_the_31_is_an_error() {
        assertThatThrownBy(() -> decode(decoder(), "ff ff ff ff ff 0f")).hasMessageContaining("2^31");
        assertThatThrownBy(() -> decode(decoder(), "ff 80 80 80 80 80 80 01")).hasMessageContaining("continuation bytes");
    }

    @Test
    void section_5_2_a_string_longer_than_the_block_is_an_error() {
        assertThatThrownBy(() -> decode(decoder(), "00 05 616263")).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> decode(decoder(), "40")).hasMessageContaining("string was expected");
    }

    @Test
    void section_5_2_huffman_eos_in_a_string_is_an_error() {
        // name "a" (00011), then EOS (30 ones): 00011111 11111111 11111111 11111111 1 + padding 1111111
        assertThatThrownBy(() -> decode(decoder(), "00 85 1fffffffff 00")).hasMessageContaining("EOS");
    }

    @Test
    void section_5_2_huffman_padding_longer_than_7_bits_is_an_error() {
        // "a" = 00011 padded with 111 then a whole byte of ones
        assertThatThrownBy(() -> decode(decoder(), "00 82 1fff 00")).hasMessageContaining("more than 7 bits");
    }

    @Test
    void section_5_2_huffman_padding_not_of_ones_is_an_error() {
        // "a" = 00011 padded with 000
        assertThatThrownBy(() -> decode(decoder(), "00 81 18 00")).hasMessageContaining("not the EOS prefix");
    }

    @Test
    void section_6_3_a_size_update_above_the_setting_is_an_error() {
        assertThatThrownBy(() -> decode(new HpackDecoder(100, 1 << 20), "3f 46")).hasMessageContaining("exceeds the 100");
    }

    @Test
    void section_4_2_a_size_update_after_a_field_is_an_error() {
        assertThatThrownBy(() -> decode(decoder(), "82 20")).hasMessageContaining("after a header field");
    }

    @Test
    void section_4_2_size_updates_at_the_start_evict() throws HpackException {
        HpackDecoder d = decoder();
        decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
        assertThat(d.tableSize()).isEqualTo(55);
        assertThat(decode(d, "20 3f e1 1f 82")).hasToString(":method: GET\n");   // to 0, back to 4096
        assertThat(d.tableLength()).isZero();
    }

    @Test
    void section_4_4_an_entry_larger_than_the_table_empties_it() throws HpackException {
        HpackDecoder d = new HpackDecoder(60, 1 << 20);
        decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");   // 55
        decode(d, "4003 616161 1e 616161616161616161616161616161616161616161616161616161616161"); // 3+30+32 = 65
        assertThat(d.tableLength()).isZero();
    }

    @Test
    void section_7_3_an_hpack_bomb_is_cut_at_the_header_list_limit_and_the_table_stays_right() throws HpackException {
        // one 4000-octet value put in the table, then named 10,000 times by a one-byte index: 40 MB decoded
        StringBuilder hex = new StringBuilder("40 01 78 7f a1 1e");   // name "x", value length 127 + 3873 = 4000
        hex.append("61".repeat(4000));
        hex.append("be".repeat(10_000));
        HpackDecoder d = new HpackDecoder(4096, 16 * 1024);
        byte[] block = Hex.bytes(hex.toString());
        Http2Headers out = new Http2Headers();
        assertThat(d.decode(block, 0, block.length, out)).isFalse();
        assertThat(out.listSize()).isLessThanOrEqualTo(16 * 1024);
        assertThat(out.size()).isEqualTo(4);   // 4 x 4033 fit in 16 KiB
        assertThat(d.tableLength()).isEqualTo(1);
        Http2Headers next = new Http2Headers();
        assertThat(d.decode(new byte[] {(byte) 0xbe}, 0, 1, next)).isTrue();
        assertThat(next.name(0)).isEqualTo("x");
    }

    @Test
    void huffman_round_trips_every_octet_and_random_strings() throws HpackException {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            all.append((char) c);
        }
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            String s = round == 0 ? all.toString() : randomString(random);
            ByteOutput out = new ByteOutput(8);
            Huffman.encode(s, out);
            assertThat(out.size()).isEqualTo(Huffman.encodedLength(s));
            assertThat(Huffman.decode(out.array(), 0, out.size())).isEqualTo(s);
        }
    }

    private static String randomString(Random random) {
        char[] c = new char[random.nextInt(60)];
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextBoolean() ? (char) ('a' + random.nextInt(26)) : (char) random.nextInt(256);
        }
        return new String(c);
    }

    @Test
    void the_selective_encoder_round_trips_through_the_decoder_and_reuses_its_table() throws HpackException {
        HpackEncoder e = new HpackEncoder();
        HpackDecoder d = decoder();
        Http2Headers h = new Http2Headers().add(":status", "200").add("content-type", "text/plain")
                .add("content-length", "13").add("server", "Torsion").add("date", "Mon, 21 Oct 2013 20:13:21 GMT");
        ByteOutput first = new ByteOutput(64);
        e.encode(h, first);
        ByteOutput second = new ByteOutput(64);
        e.encode(h, second);
        assertThat(second.size()).isLessThan(first.size() / 2);
        for (ByteOutput block : new ByteOutput[] {first, second}) {
            Http2Headers out = new Http2Headers();
            d.decode(block.array(), 0, block.size(), out);
            assertThat(out).isEqualTo(h);
        }
        assertThat(d.tableSize()).isEqualTo(e.tableSize());
    }

    @Test
    void the_encoder_announces_a_smaller_table_at_the_start_of_the_next_block() throws HpackException {
        HpackEncoder e = new HpackEncoder();
        e.setPeerMaxTableSize(0);
        e.setPeerMaxTableSize(100);
        ByteOutput out = new ByteOutput(8);
        e.encode(new Http2Headers().add(":status", "200"), out);
        assertThat(Hex.of(out.array(), 0, out.size())).isEqualTo("203f4588");   // 0, then 100, then :status 200
    }
}

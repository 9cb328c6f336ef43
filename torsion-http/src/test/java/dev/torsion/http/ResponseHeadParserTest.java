package dev.torsion.http;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseHeadParserTest {

    static final String HEAD = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    static final byte[] FRAME = {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'};

    @Test
    void everySplitGivesTheSameResponseAndLeavesTheFramesBehindIt() throws Exception {
        byte[] head = HEAD.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + FRAME.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(FRAME, 0, all, head.length, FRAME.length);
        for (int cut = 0; cut <= all.length; cut++) {
            ResponseHeadParser parser = new ResponseHeadParser();
            ByteBuffer first = ByteBuffer.wrap(all, 0, cut);
            ResponseHead response = parser.feed(first);
            ByteBuffer rest = ByteBuffer.wrap(all, cut, all.length - cut);
            if (response == null) {
                assertThat(first.hasRemaining()).isFalse();
                response = parser.feed(rest);
            } else {
                rest = ByteBuffer.wrap(all, first.position(), all.length - first.position());
            }
            assertThat(response).as("cut at %d", cut).isNotNull();
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.reasonPhrase()).isEqualTo("Switching Protocols");
            assertThat(response.headers().get("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            byte[] left = new byte[rest.remaining()];
            rest.get(left);
            assertThat(left).isEqualTo(FRAME);
        }
    }

    @Test
    void byteByByte() throws Exception {
        ResponseHeadParser parser = new ResponseHeadParser();
        byte[] head = HEAD.getBytes(StandardCharsets.US_ASCII);
        ResponseHead response = null;
        for (int i = 0; i < head.length; i++) {
            response = parser.feed(ByteBuffer.wrap(head, i, 1));
            assertThat(response == null).isEqualTo(i < head.length - 1);
        }
        assertThat(response.headers().getAll("Upgrade")).containsExactly("websocket");
    }

    @Test
    void malformedHeadsAreRefusedWithAReason() {
        assertThatThrownBy(() -> new ResponseHeadParser().feed(ascii("SSH-2.0-OpenSSH\r\n\r\n")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("status line");
        assertThatThrownBy(() -> new ResponseHeadParser().feed(ascii("HTTP/1.1 abc Nope\r\n\r\n")))
                .hasMessageContaining("status code");
        assertThatThrownBy(() -> new ResponseHeadParser().feed(ascii("HTTP/1.1 101 OK\r\nNoColon\r\n\r\n")))
                .hasMessageContaining("header line");
        assertThatThrownBy(() -> new ResponseHeadParser().feed(ascii("HTTP/1.1 101 OK\r\nA: b\r\n c\r\n\r\n")))
                .hasMessageContaining("folding");
        assertThatThrownBy(() -> new ResponseHeadParser(100).feed(ascii("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(30))))
                .hasMessageContaining("longer than 100");
    }

    @Test
    void theHeadIsHeldToTheRulesOfARequestHead() {
        assertThatThrownBy(() -> new ResponseHeadParser().feed(ascii("HTTP/1.1 101 OK\r\nUpgrade : websocket\r\n\r\n")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("header name");
        assertThatThrownBy(() -> new ResponseHeadParser().feed(ascii("HTTP/1.1 101 OK\r\nA: b\rc\r\n\r\n")))
                .hasMessageContaining("bare CR");
        assertThatThrownBy(() -> new ResponseHeadParser().feed(ascii("HTTP/1.1 101 OK\r\nA: b\u0001\r\n\r\n")))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> new ResponseHeadParser(100).feed(ascii("HTTP/1.1 200 " + "x".repeat(100) + "\r\n")))
                .hasMessageContaining("longer than 100");
    }

    @Test
    void theHeadersAreReadOnlyAndValuesAreTrimmed() throws Exception {
        ResponseHead r = new ResponseHeadParser().feed(ascii("HTTP/1.1 200 OK\r\nX-A:  one \t\r\n\r\n"));
        assertThat(r.headers().get("x-a")).isEqualTo("one");
        assertThat(r.headers().isReadOnly()).isTrue();
        assertThat(r.reasonPhrase()).isEqualTo("OK");
    }

    @Test
    void bareLineFeedsAreAccepted() throws Exception {
        ResponseHead r = new ResponseHeadParser().feed(ascii("HTTP/1.1 403 Forbidden\nX-Why: origin\n\n"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers().get("x-why")).isEqualTo("origin");
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aHeadCloseToTheLimitParsesTheSameWholeAndByteByByte() throws Exception {
        // found by ResponseHeadParserFuzzTest: fed in pieces, the line being read was counted twice against the
        // limit, so a 230-byte head under a 256-byte limit was "longer than 256 bytes"
        byte[] head = ("HTTP/1.1 101 Switching Protocols\r\nX-Long: " + "a".repeat(180) + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(head.length).isLessThan(256);
        ResponseHead whole = new ResponseHeadParser(256).feed(ByteBuffer.wrap(head));
        assertThat(whole.status()).isEqualTo(101);
        ResponseHeadParser pieces = new ResponseHeadParser(256);
        ResponseHead last = null;
        for (byte b : head) {
            last = pieces.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(last).isEqualTo(whole);
        byte[] over = java.util.Arrays.copyOf(head, 300);
        java.util.Arrays.fill(over, head.length - 4, 300, (byte) 'a');
        assertThatThrownBy(() -> new ResponseHeadParser(256).feed(ByteBuffer.wrap(over)))
                .hasMessage("response head longer than 256 bytes");
    }

    @Test
    void aLineOverTheLimitIsTooLongWhateverItHoldsAndHoweverItIsCut() throws Exception {
        // found by ResponseHeadParserFuzzTest: a first line of 257 bytes with bare CRs in it was "bare CR" whole
        // and "too long" in pieces; over the limit, it is too long either way
        byte[] head = ("HTTP/1.1 200 " + "x\r".repeat(122) + "\n\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new ResponseHeadParser(256).feed(ByteBuffer.wrap(head)))
                .hasMessage("response head longer than 256 bytes");
        ResponseHeadParser pieces = new ResponseHeadParser(256);
        assertThatThrownBy(() -> {
            for (byte b : head) {
                pieces.feed(ByteBuffer.wrap(new byte[] {b}));
            }
        }).hasMessage("response head longer than 256 bytes");
    }
}

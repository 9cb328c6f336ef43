package dev.torsion.websocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6455 section 7.4: status codes, valid and invalid, as received in a close frame. */
class Rfc6455Section7_4StatusCodesTest {

    static boolean validBySpec(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Test
    void everyCodeIsJudgedAsTheRfcAndIanaRegistrySay() {
        for (int code = 0; code <= 0xFFFF; code++) {
            assertThat(CloseCode.isValidOnWire(code)).as("code %d", code).isEqualTo(validBySpec(code));
        }
    }

    @Test
    void everyReceivedCodeIsEchoedWhenValidAndFailsWith1002OtherwiseAtEveryCut() {
        for (int code = 0; code <= 0xFFFF; code++) {
            boolean interesting = code <= 5100 || code % 997 == 0 || code == 0xFFFF;
            if (!interesting) {
                continue;
            }
            byte[] frame = Hex.bytes("88 02", String.format("%04x", code));
            if (code == 1000 || code == 1005 || code == 1015 || code == 2999 || code == 3000 || code == 4999 || code == 5000) {
                if (validBySpec(code)) {
                    Expect.sameForEveryCut(Harness::client, frame,
                            java.util.List.of("closeReceived:" + code + ":", "startCloseTimer"),
                            java.util.List.of(Frames.close(code)));
                } else {
                    Expect.failsForEveryCut(Harness::client, frame, 1002);
                }
                continue;
            }
            Harness h = Harness.client().feed(frame);
            if (validBySpec(code)) {
                assertThat(h.connection.closeCode().code()).as("code %d", code).isEqualTo(code);
                assertThat(Frames.decode(h.takeWritten(), Role.CLIENT)).as("code %d", code).containsExactly(Frames.close(code));
                assertThat(h.connection.wasClean()).isTrue();
            } else {
                assertThat(h.connection.closeCode()).as("code %d", code).isEqualTo(CloseCode.PROTOCOL_ERROR);
                assertThat(Frames.decode(h.takeWritten(), Role.CLIENT)).as("code %d", code).containsExactly(Frames.close(1002));
                assertThat(h.connection.wasClean()).isFalse();
            }
        }
    }

    @Test
    void constantsCarryTheirNumbers() {
        assertThat(CloseCode.NORMAL_CLOSURE.code()).isEqualTo(1000);
        assertThat(CloseCode.GOING_AWAY.code()).isEqualTo(1001);
        assertThat(CloseCode.PROTOCOL_ERROR.code()).isEqualTo(1002);
        assertThat(CloseCode.UNSUPPORTED_DATA.code()).isEqualTo(1003);
        assertThat(CloseCode.NO_STATUS_RECEIVED.code()).isEqualTo(1005);
        assertThat(CloseCode.ABNORMAL_CLOSURE.code()).isEqualTo(1006);
        assertThat(CloseCode.INVALID_PAYLOAD.code()).isEqualTo(1007);
        assertThat(CloseCode.POLICY_VIOLATION.code()).isEqualTo(1008);
        assertThat(CloseCode.MESSAGE_TOO_BIG.code()).isEqualTo(1009);
        assertThat(CloseCode.MANDATORY_EXTENSION.code()).isEqualTo(1010);
        assertThat(CloseCode.INTERNAL_ERROR.code()).isEqualTo(1011);
        assertThat(CloseCode.SERVICE_RESTART.code()).isEqualTo(1012);
        assertThat(CloseCode.TRY_AGAIN_LATER.code()).isEqualTo(1013);
        assertThat(CloseCode.BAD_GATEWAY.code()).isEqualTo(1014);
        assertThat(CloseCode.TLS_HANDSHAKE.code()).isEqualTo(1015);
        assertThat(CloseCode.of(1009)).isSameAs(CloseCode.MESSAGE_TOO_BIG);
        assertThat(CloseCode.of(4321)).isEqualTo(CloseCode.of(4321)).hasToString("4321 APPLICATION_4321");
    }

    @Test
    void onlyMeaningfulNumbersMakeACloseCode() {
        for (int code : new int[] {-1, 0, 999, 1004, 1016, 2999, 5000, 65535}) {
            assertThatThrownBy(() -> CloseCode.of(code)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(CloseCode.ABNORMAL_CLOSURE.isSendable()).isFalse();
        assertThat(CloseCode.NO_STATUS_RECEIVED.isSendable()).isFalse();
        assertThat(CloseCode.TLS_HANDSHAKE.isSendable()).isFalse();
        assertThat(CloseCode.of(3000).isSendable()).isTrue();
    }

    @Test
    void aProtocolFailureAlwaysCarriesASendableCode() {
        assertThatThrownBy(() -> new WebSocketProtocolException(CloseCode.ABNORMAL_CLOSURE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebSocketProtocolException.tooBig("x").closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
    }
}

package dev.torsion.web.http2;

import org.junit.jupiter.api.Test;

import static dev.torsion.web.http2.StreamState.*;
import static dev.torsion.web.http2.StreamState.Event.*;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9113 section 5.1, figure 2: every arrow of the stream state machine, and what it forbids. */
class Rfc9113StreamStatesTest {

    @Test
    void idle() {
        assertThat(IDLE.on(SEND_HEADERS)).isEqualTo(OPEN);
        assertThat(IDLE.on(RECV_HEADERS)).isEqualTo(OPEN);
        assertThat(IDLE.on(SEND_PUSH_PROMISE)).isEqualTo(RESERVED_LOCAL);
        assertThat(IDLE.on(RECV_PUSH_PROMISE)).isEqualTo(RESERVED_REMOTE);
        assertThat(IDLE.on(RECV_RST_STREAM)).as("RST_STREAM on an idle stream is a PROTOCOL_ERROR").isNull();
        assertThat(IDLE.on(RECV_END_STREAM)).isNull();
    }

    @Test
    void reserved() {
        assertThat(RESERVED_LOCAL.on(SEND_HEADERS)).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(RESERVED_LOCAL.on(RECV_HEADERS)).isNull();
        assertThat(RESERVED_LOCAL.on(SEND_RST_STREAM)).isEqualTo(CLOSED);
        assertThat(RESERVED_LOCAL.on(RECV_RST_STREAM)).isEqualTo(CLOSED);
        assertThat(RESERVED_REMOTE.on(RECV_HEADERS)).isEqualTo(HALF_CLOSED_LOCAL);
        assertThat(RESERVED_REMOTE.on(SEND_HEADERS)).isNull();
        assertThat(RESERVED_REMOTE.on(SEND_RST_STREAM)).isEqualTo(CLOSED);
        assertThat(RESERVED_REMOTE.on(RECV_RST_STREAM)).isEqualTo(CLOSED);
    }

    @Test
    void open() {
        assertThat(OPEN.on(SEND_END_STREAM)).isEqualTo(HALF_CLOSED_LOCAL);
        assertThat(OPEN.on(RECV_END_STREAM)).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(OPEN.on(SEND_RST_STREAM)).isEqualTo(CLOSED);
        assertThat(OPEN.on(RECV_RST_STREAM)).isEqualTo(CLOSED);
        assertThat(OPEN.on(RECV_HEADERS)).as("trailers").isEqualTo(OPEN);
        assertThat(OPEN.on(SEND_PUSH_PROMISE)).isNull();
    }

    @Test
    void half_closed() {
        assertThat(HALF_CLOSED_LOCAL.on(RECV_END_STREAM)).isEqualTo(CLOSED);
        assertThat(HALF_CLOSED_LOCAL.on(SEND_END_STREAM)).isNull();
        assertThat(HALF_CLOSED_LOCAL.on(RECV_HEADERS)).isEqualTo(HALF_CLOSED_LOCAL);
        assertThat(HALF_CLOSED_LOCAL.on(SEND_HEADERS)).isNull();
        assertThat(HALF_CLOSED_REMOTE.on(SEND_END_STREAM)).isEqualTo(CLOSED);
        assertThat(HALF_CLOSED_REMOTE.on(RECV_END_STREAM)).as("frames after END_STREAM: STREAM_CLOSED").isNull();
        assertThat(HALF_CLOSED_REMOTE.on(RECV_HEADERS)).isNull();
        assertThat(HALF_CLOSED_REMOTE.on(SEND_HEADERS)).isEqualTo(HALF_CLOSED_REMOTE);
        for (StreamState s : new StreamState[] {HALF_CLOSED_LOCAL, HALF_CLOSED_REMOTE}) {
            assertThat(s.on(SEND_RST_STREAM)).isEqualTo(CLOSED);
            assertThat(s.on(RECV_RST_STREAM)).isEqualTo(CLOSED);
        }
    }

    @Test
    void closed_allows_only_resets() {
        for (StreamState.Event e : StreamState.Event.values()) {
            if (e == SEND_RST_STREAM || e == RECV_RST_STREAM) {
                assertThat(CLOSED.on(e)).isEqualTo(CLOSED);
            } else {
                assertThat(CLOSED.on(e)).as("closed on %s", e).isNull();
            }
        }
    }

    @Test
    void who_may_send_data_and_what_counts_as_active() {
        assertThat(OPEN.canReceive() && OPEN.canSend()).isTrue();
        assertThat(HALF_CLOSED_LOCAL.canReceive()).isTrue();
        assertThat(HALF_CLOSED_LOCAL.canSend()).isFalse();
        assertThat(HALF_CLOSED_REMOTE.canSend()).isTrue();
        assertThat(HALF_CLOSED_REMOTE.canReceive()).isFalse();
        assertThat(OPEN.isActive() && HALF_CLOSED_LOCAL.isActive() && HALF_CLOSED_REMOTE.isActive()).isTrue();
        assertThat(IDLE.isActive() || RESERVED_LOCAL.isActive() || CLOSED.isActive()).isFalse();
    }
}

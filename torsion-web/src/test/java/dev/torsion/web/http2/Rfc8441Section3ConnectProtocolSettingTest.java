package dev.torsion.web.http2;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RFC 8441 section 3: SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8). A server announces 1 (the default, so that
 * WebSocket resources serve over HTTP/2), only 0 or 1 are valid, a server may not take it back (1 then 0), a
 * client uses extended CONNECT only once the server allowed it, and the parameter means nothing when a
 * client sends it.
 */
class Rfc8441Section3ConnectProtocolSettingTest {

    private static final byte[] CONNECT = Wire.literals(":method", "CONNECT", ":protocol", "websocket",
            ":scheme", "http", ":path", "/chat", ":authority", "localhost", "sec-websocket-version", "13");

    /** The parameters of the first SETTINGS frame in {@code frames}, as "id=value " pairs. */
    private static String settingsOf(List<Wire.Frame> frames) {
        Wire.Frame settings = frames.stream().filter(f -> f.type() == FrameType.SETTINGS).findFirst().orElseThrow();
        ByteBuffer p = ByteBuffer.wrap(settings.payload());
        StringBuilder sb = new StringBuilder();
        while (p.hasRemaining()) {
            sb.append(p.getShort()).append('=').append(p.getInt()).append(' ');
        }
        return sb.toString();
    }

    @Test
    void a_server_announces_the_extended_connect_by_default() {
        ServerHarness h = new ServerHarness();
        assertThat(settingsOf(h.frames())).contains("8=1 ");
        assertThat(h.connection.localSettings().connectProtocolEnabled()).isTrue();
    }

    @Test
    void turned_off_it_is_not_announced_and_protocol_is_a_malformed_request() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withConnectProtocol(false));
        assertThat(settingsOf(h.frames())).doesNotContain("8=");
        h.send(Wire.wire().preface().settings().settingsAck().headers(1, false, true, CONNECT));
        Wire.Frame rst = h.only(FrameType.RST_STREAM);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(h.streams).isEmpty();
    }

    @Test
    void the_value_must_be_0_or_1() {
        ServerHarness h = new ServerHarness();
        h.send(Wire.wire().preface().settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 2));
        Wire.Frame goAway = h.only(FrameType.GOAWAY);
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(goAway.debugText()).contains("must be 0 or 1");
    }

    @Test
    void a_server_that_receives_it_from_a_client_is_not_affected() {
        ServerHarness h = new ServerHarness();
        h.send(Wire.wire().preface().settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1).settingsAck()
                .settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 0).headers(1, false, true, CONNECT));
        List<Wire.Frame> out = h.frames();
        assertThat(out).noneMatch(f -> f.type() == FrameType.GOAWAY || f.type() == FrameType.RST_STREAM);
        assertThat(h.streams).singleElement().satisfies(r -> assertThat(r.requestHeaders.get(":protocol")).isEqualTo("websocket"));
    }

    /** A client connection on a memory transport, with what its listener heard. */
    static final class Client {
        final FakeClock clock = new FakeClock();
        final MemoryTransport transport = new MemoryTransport(clock);
        final List<Boolean> settingsSeen = new ArrayList<>();
        final Http2Connection connection = new Http2Connection(Http2Connection.Role.CLIENT, Http2Config.defaults(),
                new Http2Connection.Listener() {
                    @Override
                    public dev.torsion.reactor.Protocol streamOpened(Http2Stream stream, Http2Headers headers,
                                                                      boolean endStream) {
                        throw new AssertionError("a server opens no streams");
                    }

                    @Override
                    public void settingsReceived(Http2Settings peer) {
                        settingsSeen.add(peer.connectProtocolEnabled());
                    }
                });
        final Wire.Reader reader = new Wire.Reader();
        private boolean prefaceRead;

        Client() {
            transport.connect(connection);
        }

        void receive(Wire frames) {
            transport.receive(frames.bytes());
            clock.runPending();
        }

        /** The frames the client wrote since the last call (its preface skipped). */
        List<Wire.Frame> frames() {
            clock.runPending();
            byte[] out = transport.takeWritten();
            if (!prefaceRead) {
                assertThat(Arrays.copyOf(out, Wire.PREFACE.length)).isEqualTo(Wire.PREFACE);
                out = Arrays.copyOfRange(out, Wire.PREFACE.length, out.length);
                prefaceRead = true;
            }
            return reader.read(out);
        }

        static Http2Headers connect(String path) {
            return new Http2Headers().add(":method", "CONNECT").add(":protocol", "websocket").add(":scheme", "http")
                    .add(":path", path).add(":authority", "localhost").add("sec-websocket-version", "13");
        }
    }

    @Test
    void a_client_learns_from_the_servers_settings_whether_it_may_use_extended_connect() {
        Client c = new Client();
        c.receive(Wire.wire().settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1));
        assertThat(c.settingsSeen).containsExactly(true);
        Http2Stream stream = c.connection.openStream(Client.connect("/chat"), false, new Http2ClientRoleTest.Response());
        List<Wire.Frame> out = c.frames();
        Wire.Frame headers = out.stream().filter(f -> f.type() == FrameType.HEADERS).findFirst().orElseThrow();
        assertThat(headers.streamId()).isEqualTo(stream.id());
        assertThat(headers.has(FrameType.FLAG_END_STREAM)).isFalse();
        assertThat(headers.headers().get(":protocol")).isEqualTo("websocket");
        assertThat(headers.headers().get(":method")).isEqualTo("CONNECT");
    }

    @Test
    void a_client_does_not_send_protocol_to_a_server_that_did_not_allow_it() {
        Client c = new Client();
        assertThatThrownBy(() -> c.connection.openStream(Client.connect("/chat"), false, new Http2ClientRoleTest.Response()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SETTINGS_ENABLE_CONNECT_PROTOCOL");
        c.receive(Wire.wire().settings());
        assertThat(c.settingsSeen).containsExactly(false);
        assertThatThrownBy(() -> c.connection.openStream(Client.connect("/chat"), false, new Http2ClientRoleTest.Response()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not send");
    }

    @Test
    void a_server_may_not_take_the_setting_back() {
        Client c = new Client();
        c.receive(Wire.wire().settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1));
        c.frames();
        c.receive(Wire.wire().settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 0));
        Wire.Frame goAway = c.frames().stream().filter(f -> f.type() == FrameType.GOAWAY).findFirst().orElseThrow();
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(goAway.debugText()).isEqualTo("a server sent SETTINGS_ENABLE_CONNECT_PROTOCOL 0 after 1 (RFC 8441 section 3)");
        assertThat(c.transport.isDisconnecting()).isTrue();
    }

    @Test
    void the_same_value_again_is_fine() {
        Client c = new Client();
        c.receive(Wire.wire().settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1).settings(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1)
                .settings(Http2Settings.MAX_CONCURRENT_STREAMS, 10));
        assertThat(c.settingsSeen).containsExactly(true, true, true);
        assertThat(c.frames()).noneMatch(f -> f.type() == FrameType.GOAWAY);
    }
}

package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What layers built on sessions rely on: sends from onOpen, the session's loop, and close listeners. */
class WebSocketSessionHooksTest {

    private final FakeClock clock = new FakeClock();
    private final MemoryTransport transport = new MemoryTransport(clock);
    private final RecordingHandler handler = new RecordingHandler();

    @Test
    void aSessionIsOpenAndSendsFromOnOpen() {
        List<Boolean> seen = new ArrayList<>();
        WebSocketHandler greeter = new RecordingHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                seen.add(session.isOpen());
                seen.add(session.sendText("welcome"));
            }
        };
        transport.connect(TransportWebSocket.server(greeter, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        assertThat(seen).containsExactly(true, true);
        assertThat(Frames.decode(transport.takeWritten(), Role.SERVER)).containsExactly("TEXT fin 77656c636f6d65");
    }

    @Test
    void theSessionNamesItsLoop() {
        TransportWebSocket protocol = TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty());
        assertThat(protocol.session().scheduler()).isNull();
        transport.connect(protocol);
        assertThat(handler.session.scheduler()).isSameAs(clock);
    }

    @Test
    void closeListenersRunOnceAfterOnCloseAndAtOnceWhenAlreadyGone() {
        transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        List<String> order = new ArrayList<>();
        handler.session.addCloseListener(() -> order.add("listener saw " + handler.events));
        handler.session.addCloseListener(() -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        handler.session.addCloseListener(() -> order.add("second"));
        transport.simulateConnectionLost(new ConnectionLost("reset"));
        assertThat(order).containsExactly("listener saw [open, close:1006:false]", "second");
        handler.session.addCloseListener(() -> order.add("late"));
        assertThat(order).containsExactly("listener saw [open, close:1006:false]", "second", "late");
    }
}

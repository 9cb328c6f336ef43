package dev.torsion.websocket;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.torsion.WebSocketOpened}: a WebSocket connection opened (its handshake done).
 * Enabled by default: {@code jcmd PID JFR.start} records it, and JDK Mission Control shows it under Torsion.
 *
 * <p><b>Threading.</b> Made and committed on the connection's event loop.
 */
@Name("dev.torsion.WebSocketOpened")
@Label("WebSocket Opened")
@Category({"Torsion", "WebSocket"})
@Description("A WebSocket connection opened")
@StackTrace(false)
final class ConnectionOpenedEvent extends jdk.jfr.Event {

    @Label("Endpoint")
    @Description("The name of the metrics the connection counts into (the endpoint), or empty")
    String endpoint;

    @Label("Role")
    String role;

    @Label("Remote Address")
    String remoteAddress;

    @Label("Subprotocol")
    String subprotocol;

    static void record(String endpoint, Role role, Object remote, String subprotocol) {
        ConnectionOpenedEvent event = new ConnectionOpenedEvent();
        if (event.shouldCommit()) {
            event.endpoint = endpoint;
            event.role = role.name();
            event.remoteAddress = String.valueOf(remote);
            event.subprotocol = subprotocol;
            event.commit();
        }
    }
}

package dev.torsion.websocket.server;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.torsion.HandshakeRefused}: a {@link WebSocketResource} refused an upgrade, with the
 * status, the check that failed and the body that told the client why. Enabled by default.
 *
 * <p><b>Threading.</b> Made and committed on the connection's event loop, as the refusal is answered.
 */
@Name("dev.torsion.HandshakeRefused")
@Label("WebSocket Handshake Refused")
@Category({"Torsion", "WebSocket"})
@Description("A WebSocket upgrade request was refused")
@StackTrace(false)
final class HandshakeRefusedEvent extends jdk.jfr.Event {

    @Label("Endpoint")
    String endpoint;

    @Label("Remote Address")
    String remoteAddress;

    @Label("Status")
    int status;

    @Label("Reason")
    @Description("Which check failed (a HandshakeRejected.Reason)")
    String reason;

    @Label("Message")
    @Description("The body sent to the client, saying what was wrong")
    String message;

    static void record(String endpoint, Object remote, int status, String reason, String message) {
        HandshakeRefusedEvent event = new HandshakeRefusedEvent();
        if (event.shouldCommit()) {
            event.endpoint = endpoint;
            event.remoteAddress = String.valueOf(remote);
            event.status = status;
            event.reason = reason;
            event.message = message;
            event.commit();
        }
    }
}

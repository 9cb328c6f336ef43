package dev.torsion.websocket;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR event {@code dev.torsion.WebSocketClosed}: a WebSocket connection ended, with how it ended (the
 * close code, clean or not, the reason) and how long it was open. Enabled by default.
 *
 * <p><b>Threading.</b> Made and committed on the connection's event loop, when TCP is gone.
 */
@Name("dev.torsion.WebSocketClosed")
@Label("WebSocket Closed")
@Category({"Torsion", "WebSocket"})
@Description("A WebSocket connection ended")
@StackTrace(false)
final class ConnectionClosedEvent extends jdk.jfr.Event {

    @Label("Endpoint")
    String endpoint;

    @Label("Role")
    String role;

    @Label("Remote Address")
    String remoteAddress;

    @Label("Close Code")
    @Description("The peer's code, the code this end failed the connection with, or 1006 without a closing handshake")
    int code;

    @Label("Clean")
    @Description("Both close frames were exchanged and nothing failed")
    boolean clean;

    @Label("Reason")
    @Description("The peer's close reason, or a local description of the failure (never sent)")
    String reason;

    @Label("Open For")
    @Timespan(Timespan.NANOSECONDS)
    long openFor;

    static void record(String endpoint, Role role, Object remote, CloseCode code, boolean clean, String reason,
                       long openNanos) {
        ConnectionClosedEvent event = new ConnectionClosedEvent();
        if (event.shouldCommit()) {
            event.endpoint = endpoint;
            event.role = role.name();
            event.remoteAddress = String.valueOf(remote);
            event.code = code.code();
            event.clean = clean;
            event.reason = reason;
            event.openFor = openNanos;
            event.commit();
        }
    }
}

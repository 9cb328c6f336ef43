package dev.torsion.websocket;

import java.util.Objects;

/**
 * How a WebSocket connection ended, as {@link WebSocketSession#closeFuture()} reports it: the same three facts
 * that {@link WebSocketHandler#onClose} receives.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param code   the peer's close code after a closing handshake (1005 when its close frame had none), the code
 *               this end failed the connection with, or 1006 when it ended without a closing handshake
 * @param reason the peer's reason, or a local description of what went wrong (never sent)
 * @param clean  true when both close frames were exchanged and nothing failed
 */
public record CloseStatus(CloseCode code, String reason, boolean clean) {

    /** Checks that nothing is null. */
    public CloseStatus {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return code.code() + (clean ? " clean" : " unclean") + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}

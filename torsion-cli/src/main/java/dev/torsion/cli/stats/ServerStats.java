package dev.torsion.cli.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.torsion.reactor.LoopMetrics;
import dev.torsion.reactor.Reactor;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.topic.TopicRegistry;

import java.util.Map;

/**
 * One snapshot of a server's figures as the {@code /stats} page reads them: a JSON object with totals (the
 * page turns them into rates), gauges, close codes and each loop's lag.
 *
 * <pre>{@code
 * {"time": 1700000000000, "connections": 3, "opened": 10, "closedClean": 6, "closedUnclean": 1,
 *  "handshakesAccepted": 10, "handshakesRefused": 2, "messagesIn": 500, "messagesOut": 500,
 *  "bytesIn": 16000, "bytesOut": 16000, "sendQueue": 0, "largestSendQueue": 0,
 *  "closeCodesSent": {"1000": 6}, "closeCodesReceived": {"1000": 6},
 *  "loops": [{"name": "torsion-loop-0", "connections": 2, "lagMs": 0.4, "maxLagMs": 3.1, "busySeconds": 1.2}],
 *  "topics": {"topics": 2, "subscriptions": 3, "dropped": 0, "slowConsumersClosed": 0}}
 * }</pre>
 *
 * <p><b>Threading.</b> Thread-safe (it only reads eventually consistent counts). <b>Lifecycle.</b> As long as
 * what it reads.
 */
public final class ServerStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Reactor reactor;
    private final WebSocketMetrics websocket;
    private final TopicRegistry topics;

    /** Figures of {@code reactor}'s loops, {@code websocket}'s connections and {@code topics} (may be null). */
    public ServerStats(Reactor reactor, WebSocketMetrics websocket, TopicRegistry topics) {
        this.reactor = reactor;
        this.websocket = websocket;
        this.topics = topics;
    }

    /** The snapshot, as JSON text. */
    public String snapshot() {
        ObjectNode o = JSON.createObjectNode();
        WebSocketMetrics m = websocket;
        o.put("time", System.currentTimeMillis());
        o.put("endpoint", m.name());
        o.put("connections", m.openConnections());
        o.put("opened", m.connectionsOpened());
        o.put("closedClean", m.connectionsClosedClean());
        o.put("closedUnclean", m.connectionsClosedUnclean());
        o.put("handshakesAccepted", m.handshakesAccepted());
        o.put("handshakesRefused", m.handshakesRefusedTotal());
        o.put("messagesIn", m.messagesReceived(Opcode.TEXT) + m.messagesReceived(Opcode.BINARY));
        o.put("messagesOut", m.messagesSent(Opcode.TEXT) + m.messagesSent(Opcode.BINARY));
        o.put("bytesIn", m.payloadBytesReceived(Opcode.TEXT) + m.payloadBytesReceived(Opcode.BINARY));
        o.put("bytesOut", m.payloadBytesSent(Opcode.TEXT) + m.payloadBytesSent(Opcode.BINARY));
        o.put("sendQueue", m.sendQueueBytes());
        o.put("largestSendQueue", m.largestSendQueueBytes());
        o.put("deflateMemory", m.deflateMemoryBytes());
        codes(o.putObject("closeCodesSent"), m.closeCodesSent());
        codes(o.putObject("closeCodesReceived"), m.closeCodesReceived());
        ArrayNode loops = o.putArray("loops");
        for (LoopMetrics loop : reactor.loopMetrics()) {
            ObjectNode l = loops.addObject();
            l.put("name", loop.loopName());
            l.put("connections", loop.connections());
            l.put("lagMs", loop.lastLagNanos() / 1e6);
            l.put("maxLagMs", loop.maxLagNanos() / 1e6);
            l.put("busySeconds", loop.busyNanos() / 1e9);
            l.put("stalls", loop.stalls());
        }
        if (topics != null) {
            ObjectNode t = o.putObject("topics");
            t.put("topics", topics.topicCount());
            t.put("subscriptions", topics.subscriptionCount());
            t.put("dropped", topics.droppedMessages());
            t.put("slowConsumersClosed", topics.slowConsumersClosed());
        }
        return o.toString();
    }

    private static void codes(ObjectNode into, Map<Integer, Long> counts) {
        counts.forEach((code, n) -> into.put(Integer.toString(code), n));
    }
}

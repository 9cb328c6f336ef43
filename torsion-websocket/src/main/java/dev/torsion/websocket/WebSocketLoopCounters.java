package dev.torsion.websocket;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;
import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * The counts of one {@link WebSocketMetrics} for the connections of one event loop: the one object a
 * {@link TransportWebSocket} reaches for its metrics. Every count is a plain field or array slot, written by
 * the loop's thread only and summed by {@link WebSocketMetrics} when read. It also keeps the loop's open
 * connections (each knows its slot) so that once a second it can sample their send queues.
 *
 * <p>Frames going out are counted from their encoded header (opcode, FIN, length, a close frame's code), so
 * every frame the connection writes is seen, whoever framed it: a message, a fragment, a prepared frame, a
 * ping, a pong, the core's own answer to a close.
 *
 * <p><b>Threading.</b> Every method runs on the loop's thread; the fields are read from any thread
 * (eventually consistent, see {@link WebSocketMetrics}). <b>Lifecycle.</b> Made at the first connection of
 * the loop; kept as long as its {@link WebSocketMetrics}. The sampler runs while connections are open.
 */
final class WebSocketLoopCounters implements Runnable {

    private final WebSocketMetrics metrics;
    private final Scheduler loop;

    long opened;
    long closed;
    long closedClean;
    // indexed by opcode: messages and payload bytes at TEXT and BINARY, frames at every defined opcode
    final long[] messagesIn = new long[3];
    final long[] messagesOut = new long[3];
    final long[] bytesIn = new long[3];
    final long[] bytesOut = new long[3];
    final long[] framesIn = new long[Opcode.PONG + 1];
    final long[] framesOut = new long[Opcode.PONG + 1];
    long rttCount;
    long rttSumNanos;
    long rttMaxNanos;
    long sampledQueueBytes;
    long sampledLargestQueue;
    /** Where the frame being encoded in place starts in its claimed buffer (claims do not nest on a loop). */
    int claimStart;

    private TransportWebSocket[] open = new TransportWebSocket[8];
    private int openCount;
    private DelayedCall sampler;

    WebSocketLoopCounters(WebSocketMetrics metrics, Scheduler loop) {
        this.metrics = metrics;
        this.loop = loop;
    }

    void opened(TransportWebSocket ws) {
        opened++;
        if (openCount == open.length) {
            open = Arrays.copyOf(open, openCount * 2);
        }
        ws.metricsSlot = openCount;
        open[openCount++] = ws;
        if (sampler == null) {
            sampler = loop.callEvery(Duration.ofSeconds(WebSocketMetrics.SAMPLE_INTERVAL_SECONDS), this);
        }
    }

    void closed(TransportWebSocket ws, boolean clean) {
        closed++;
        if (clean) {
            closedClean++;
        }
        int slot = ws.metricsSlot;
        if (slot >= 0 && slot < openCount && open[slot] == ws) {
            TransportWebSocket last = open[--openCount];
            open[slot] = last;
            last.metricsSlot = slot;
            open[openCount] = null;
            ws.metricsSlot = -1;
        }
    }

    /** A frame header arrived: {@code opcode} with {@code length} payload bytes. */
    void frameReceived(TransportWebSocket ws, int opcode, long length) {
        framesIn[opcode]++;
        if (opcode < Opcode.CLOSE) {
            int type = opcode == Opcode.CONTINUATION ? ws.receivingType : (ws.receivingType = (byte) opcode);
            bytesIn[type] += length;
        }
    }

    void messageReceived(int opcode) {
        messagesIn[opcode]++;
    }

    void closeReceived(int code) {
        metrics.closeReceived(code);
    }

    void roundTrip(long nanos) {
        rttCount++;
        rttSumNanos += nanos;
        if (nanos > rttMaxNanos) {
            rttMaxNanos = nanos;
        }
    }

    /** A whole encoded frame went out: the buffer's remaining bytes. */
    void frameSent(TransportWebSocket ws, ByteBuffer frame) {
        frameSent(ws, frame, frame.position());
    }

    /**
     * A whole encoded frame went out, written into {@code buffer} from index {@code at} (its header, then its
     * payload): how an output that encodes frames in place (claim, then commit) reports one.
     */
    void frameSent(TransportWebSocket ws, ByteBuffer buffer, int at) {
        frameSent(ws, buffer, at, buffer, -1);
    }

    /**
     * A frame went out as a header (at index {@code p} of {@code header}) and its payload ({@code payloadAt}
     * the payload's index in {@code payload}; -1 when the payload follows the header in {@code header}).
     */
    void frameSent(TransportWebSocket ws, ByteBuffer header, int p, ByteBuffer payload, int payloadAt) {
        int b0 = header.get(p);
        int b1 = header.get(p + 1) & 0xFF;
        int len7 = b1 & 0x7F;
        int size = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
        long length = len7 < 126 ? len7 : readLength(header, p + 2, size - 2);
        boolean masked = (b1 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        framesOut[opcode]++;
        if (opcode < Opcode.CLOSE) {
            int type = opcode == Opcode.CONTINUATION ? ws.sendingType : (ws.sendingType = (byte) opcode);
            bytesOut[type] += length;
            if ((b0 & 0x80) != 0) {
                messagesOut[type]++;
            }
        } else if (opcode == Opcode.CLOSE) {
            int codeAt = payloadAt >= 0 ? payloadAt : p + size + (masked ? 4 : 0);
            int code = CloseCode.NO_STATUS_RECEIVED.code();
            if (length >= 2) {
                int hi = payload.get(codeAt) & 0xFF;
                int lo = payload.get(codeAt + 1) & 0xFF;
                if (masked) {
                    hi ^= header.get(p + size) & 0xFF;
                    lo ^= header.get(p + size + 1) & 0xFF;
                }
                code = hi << 8 | lo;
            }
            metrics.closeSent(code);
        }
    }

    /** The sampler: the loop's send queues, total and largest. */
    @Override
    public void run() {
        long total = 0;
        long largest = 0;
        for (int i = 0; i < openCount; i++) {
            long queued = open[i].bufferedAmount();
            total += queued;
            largest = Math.max(largest, queued);
        }
        sampledQueueBytes = total;
        sampledLargestQueue = largest;
        if (openCount == 0 && sampler != null) {
            sampler.cancel();
            sampler = null;
        }
    }

    private static long readLength(ByteBuffer b, int at, int bytes) {
        long n = 0;
        for (int i = 0; i < bytes; i++) {
            n = n << 8 | (b.get(at + i) & 0xFF);
        }
        return n;
    }
}

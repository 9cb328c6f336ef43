package dev.torsion.redis;

import dev.torsion.websocket.topic.Backlog;
import dev.torsion.websocket.topic.MessageIds;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads what a topic's stream holds after an id, in pages of {@value #PAGE} ({@code XRANGE key ID + COUNT}),
 * and says whether that is everything published after the id. Each page starts at the last id seen,
 * included: if the stream still holds that entry, nothing after it was trimmed (trimming removes the oldest
 * entries first), so the read is complete; if it no longer does, the read has a gap. A stream with nothing at
 * or after the id holds nothing newer: complete. Reading after {@value #START} (the position of a stream that
 * was empty) is complete too.
 *
 * <p><b>Threading.</b> Stateless; the stages complete on the client's I/O thread.
 */
final class StreamReads {

    static final int PAGE = 1000;
    /** The position before the first entry of any stream: reading after it cannot have a gap. */
    static final String START = "0-0";

    private StreamReads() {
    }

    static CompletionStage<Backlog> after(RedisStreamAsyncCommands<byte[], byte[]> redis, byte[] stream, String afterId) {
        CompletableFuture<Backlog> result = new CompletableFuture<>();
        page(redis, stream, afterId, true, new ArrayList<>(), result);
        return result;
    }

    private static void page(RedisStreamAsyncCommands<byte[], byte[]> redis, byte[] stream, String from,
                             boolean gapless, List<Backlog.Entry> entries, CompletableFuture<Backlog> result) {
        Range<String> range = Range.from(Range.Boundary.including(from), Range.Boundary.unbounded());
        redis.xrange(stream, range, Limit.from(PAGE + 1)).whenComplete((page, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            boolean complete = gapless;
            String last = from;
            if (!page.isEmpty() && !page.get(0).getId().equals(from) && !from.equals(START)) {
                complete = false;   // the entry we start from was trimmed: something after it may be gone too
            }
            for (StreamMessage<byte[], byte[]> m : page) {
                if (MessageIds.compare(m.getId(), from) > 0) {
                    entries.add(new Backlog.Entry(m.getId(), message(m)));
                    last = m.getId();
                }
            }
            if (page.size() > PAGE) {
                page(redis, stream, last, complete, entries, result);
            } else {
                result.complete(complete ? Backlog.complete(entries) : Backlog.gap(entries));
            }
        });
    }

    static dev.torsion.websocket.PreparedMessage message(StreamMessage<byte[], byte[]> m) {
        byte[] opcode = null;
        byte[] payload = new byte[0];
        for (Map.Entry<byte[], byte[]> field : m.getBody().entrySet()) {
            byte[] k = field.getKey();
            if (k.length == 1 && k[0] == 'o') {
                opcode = field.getValue();
            } else if (k.length == 1 && k[0] == 'p') {
                payload = field.getValue();
            }
        }
        return Envelope.fromFields(opcode, payload);
    }
}

package dev.torsion.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * The one Redis command of a publish: a Lua script that appends the message to the topic's stream (trimmed to
 * the {@link Retention}) and publishes {@code ID SP PREV SP O PAYLOAD} on the topic's channel, in one atomic
 * step. Being one step, the stream's order and the channel's order are the same order, and every server gets
 * the id with the message, and the id of the message before it in the stream ({@code PREV}, {@code 0-0} for the
 * first): a server whose last message is not {@code PREV} knows at once that it missed some (its subscription
 * was down) and reads them from the stream.
 *
 * <p><b>Exactly once.</b> The client sends a command again after a reconnection when its answer was lost with the
 * connection, although Redis may have run it. Each publish therefore carries this server's sequence number,
 * and the script remembers the last one it ran for this server (a hash {@code PREFIXpublisher:ID}, one per
 * server process, expiring a day after its last publish): a number not above it is a repeat and is skipped
 * (its stage completes with no id). The numbers are taken in the order the commands are sent, and Redis runs
 * one connection's commands in that order.
 *
 * <p>It is loaded ({@code SCRIPT LOAD}) first thing on every connection and run with {@code EVALSHA}, so a
 * publish carries the script's 40-byte digest rather than its 800 bytes. A {@code NOSCRIPT} answer (someone
 * flushed the script cache) means the publish did not run: the backplane then starts a new connection, which
 * loads the script again and sends every unanswered publish again, in order.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class PublishScript {

    /** KEYS: stream, channel, publisher. ARGV: opcode, payload, "n" (count) or "a" (age in ms), the bound, seq. */
    static final byte[] SOURCE = (""
            + "local last = tonumber(redis.call('HGET', KEYS[3], 's') or '0')\n"
            + "if tonumber(ARGV[5]) <= last then return '' end\n"
            + "local before = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)\n"
            + "local prev = '0-0'\n"
            + "if before[1] then prev = before[1][1] end\n"
            + "local id\n"
            + "if ARGV[3] == 'a' then\n"
            + "  local t = redis.call('TIME')\n"
            + "  local minid = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)"
            + " - tonumber(ARGV[4]))\n"
            + "  id = redis.call('XADD', KEYS[1], 'MINID', '~', minid, '*', 'o', ARGV[1], 'p', ARGV[2])\n"
            + "else\n"
            + "  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'o', ARGV[1], 'p', ARGV[2])\n"
            + "end\n"
            + "redis.call('PUBLISH', KEYS[2], id .. ' ' .. prev .. ' ' .. ARGV[1] .. ARGV[2])\n"
            + "redis.call('HSET', KEYS[3], 's', ARGV[5])\n"
            + "redis.call('PEXPIRE', KEYS[3], 86400000)\n"
            + "return id\n").getBytes(StandardCharsets.US_ASCII);

    /** The script's SHA-1, as {@code EVALSHA} wants it. */
    static final String DIGEST = sha1(SOURCE);

    private final byte[] mode;
    private final byte[] bound;

    PublishScript(Retention retention) {
        this.mode = new byte[] {(byte) (retention.byAge() ? 'a' : 'n')};
        long b = retention.byAge() ? retention.age().toMillis() : retention.messages();
        this.bound = Long.toString(b).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends the script for one message, number {@code seq} of this server (numbers must be sent in increasing
     * order); completes with the stream entry's id, or null when Redis had already run this one.
     */
    CompletionStage<String> run(RedisScriptingAsyncCommands<byte[], byte[]> redis, byte[] stream, byte[] channel,
                                byte[] publisher, long seq, byte[] opcode, byte[] payload) {
        CompletionStage<byte[]> id = redis.evalsha(DIGEST, ScriptOutputType.VALUE,
                new byte[][] {stream, channel, publisher}, opcode, payload, mode, bound,
                Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
        return id.thenApply(bytes -> bytes == null || bytes.length == 0 ? null
                : new String(bytes, StandardCharsets.US_ASCII));
    }

    /** Loads the script on a new connection (before any publish is sent on it). */
    static CompletionStage<String> load(RedisScriptingAsyncCommands<byte[], byte[]> redis) {
        return redis.scriptLoad(SOURCE);
    }

    private static String sha1(byte[] bytes) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(bytes);
            StringBuilder hex = new StringBuilder(40);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}

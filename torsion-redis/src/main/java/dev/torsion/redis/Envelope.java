package dev.torsion.redis;

import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.topic.MessageIds;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a message on Redis. In the stream an entry has two fields, {@code o} (the opcode: {@code t}
 * text, {@code b} binary) and {@code p} (the payload). On the pub/sub channel the publish script sends
 * {@code ID SP PREV SP O PAYLOAD}: the entry's id, the id of the entry before it ({@code 0-0} if none), the
 * opcode byte and the payload, so that every server learns the id with the message and can tell whether it
 * missed the one before.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class Envelope {

    static final byte TEXT = 't';
    static final byte BINARY = 'b';

    /** A message as it came off the channel: its id, the previous entry's id, the message framed once for this server. */
    record Received(String id, String previous, PreparedMessage message) {
    }

    private Envelope() {
    }

    /** The {@code o} field of {@code message}. */
    static byte[] opcodeField(PreparedMessage message) {
        return new byte[] {message.opcode() == Opcode.TEXT ? TEXT : BINARY};
    }

    /** The {@code p} field of {@code message}. */
    static byte[] payloadField(PreparedMessage message) {
        ByteBuffer payload = message.payload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return bytes;
    }

    /** A message from its stream fields. */
    static PreparedMessage fromFields(byte[] opcode, byte[] payload) {
        if (opcode != null && opcode.length == 1 && opcode[0] == BINARY) {
            return PreparedMessage.binary(payload);
        }
        return PreparedMessage.text(new String(payload, StandardCharsets.UTF_8));
    }

    /** Decodes a channel message; null if it is not one this backplane sent. */
    static Received decode(byte[] body) {
        int first = space(body, 0);
        int second = first < 0 ? -1 : space(body, first + 1);
        if (second < 0 || second + 1 >= body.length) {
            return null;
        }
        String id = new String(body, 0, first, StandardCharsets.US_ASCII);
        String previous = new String(body, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        if (!MessageIds.isValid(id) || !MessageIds.isValid(previous)) {
            return null;
        }
        int space = second;
        byte opcode = body[space + 1];
        int from = space + 2;
        PreparedMessage message;
        if (opcode == BINARY) {
            message = PreparedMessage.binary(ByteBuffer.wrap(body, from, body.length - from));
        } else if (opcode == TEXT) {
            message = PreparedMessage.text(new String(body, from, body.length - from, StandardCharsets.UTF_8));
        } else {
            return null;
        }
        return new Received(id, previous, message);
    }

    /** The index of the first space at or after {@code from} within an id's length, or -1. */
    private static int space(byte[] body, int from) {
        for (int i = from; i < body.length && i <= from + MessageIds.MAX_LENGTH; i++) {
            if (body[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}

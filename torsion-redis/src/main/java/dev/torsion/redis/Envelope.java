package dev.torsion.redis;

import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a message on Redis. In the stream an entry has two fields, {@code o} (the opcode: {@code t}
 * text, {@code b} binary) and {@code p} (the payload). On the pub/sub channel the publish script sends
 * {@code ID SP O PAYLOAD}: the entry's id, a space, the opcode byte and the payload, so that every server
 * learns the id with the message.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class Envelope {

    static final byte TEXT = 't';
    static final byte BINARY = 'b';

    /** A message as it came off the channel: its id and the message, framed once for this server. */
    record Received(String id, PreparedMessage message) {
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
        int space = -1;
        for (int i = 0; i < body.length && i <= dev.torsion.websocket.topic.MessageIds.MAX_LENGTH; i++) {
            if (body[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space < 3 || space + 1 >= body.length) {
            return null;
        }
        String id = new String(body, 0, space, StandardCharsets.US_ASCII);
        if (!dev.torsion.websocket.topic.MessageIds.isValid(id)) {
            return null;
        }
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
        return new Received(id, message);
    }
}

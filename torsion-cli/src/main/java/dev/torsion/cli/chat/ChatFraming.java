package dev.torsion.cli.chat;

import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.topic.TopicFraming;

import java.nio.charset.StandardCharsets;

/**
 * How a room's messages carry their ids: {@code {"id":"1718000000000-0","type":"message",...}} (the id put
 * first into the JSON object, once per message and server), and the {@code gap} notice a resuming client gets
 * when what it missed is no longer kept (docs/chat.md).
 *
 * <p><b>Threading.</b> Stateless and thread-safe.
 */
public final class ChatFraming implements TopicFraming {

    @Override
    public PreparedMessage message(String topic, String id, PreparedMessage published) {
        if (id == null) {
            return published;
        }
        String json = StandardCharsets.UTF_8.decode(published.payload()).toString();
        return PreparedMessage.text(ChatJson.withId(json, id));
    }

    @Override
    public PreparedMessage gap(String topic, String afterId) {
        return PreparedMessage.text(ChatJson.gap(ChatRooms.room(topic), afterId));
    }
}

package dev.torsion.cli.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.torsion.websocket.topic.MessageIds;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a chat client's text message into a {@link ChatRequest}, or a {@link ChatError} that says exactly
 * what is wrong. Strict: standard JSON only (no comments, single quotes or trailing commas), no duplicate
 * keys, nothing after the object, no unknown fields, every field a string.
 *
 * <p>The rules (also in docs/chat.md): a name has 1 to {@value #MAX_NAME} letters, digits, spaces,
 * {@code - _ .}, and neither starts nor ends with a space; a room has 1 to {@value #MAX_ROOM} letters,
 * digits, {@code -} or {@code _}; a text has 1 to {@value #MAX_TEXT} characters (code points), not all
 * blank, and no control characters other than tab and newline.
 *
 * <p><b>Threading.</b> Immutable and thread-safe (Jackson's mapper is, once configured).
 */
public final class ChatRequestParser {

    public static final int MAX_NAME = 32;
    public static final int MAX_ROOM = 32;
    public static final int MAX_TEXT = 1000;

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.\\- ]{1," + MAX_NAME + "}");
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_\\-]{1," + MAX_ROOM + "}");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses one client message. */
    public ChatRequest parse(String text) throws ChatError {
        JsonNode node = readJson(text);
        if (!node.isObject()) {
            throw new ChatError(ChatError.BAD_MESSAGE, "a message must be a JSON object, got " + kind(node));
        }
        String type = string(node, "type", "a message");
        switch (type) {
            case "join":
                onlyFields(node, type, Set.of("type", "room", "name", "after"));
                return new ChatRequest.Join(room(string(node, "room", "a join")), name(string(node, "name", "a join")),
                        node.has("after") ? after(string(node, "after", "a join")) : null);
            case "say":
                onlyFields(node, type, Set.of("type", "text"));
                return new ChatRequest.Say(text(string(node, "text", "a say")));
            case "leave":
                onlyFields(node, type, Set.of("type"));
                return new ChatRequest.Leave();
            default:
                throw new ChatError(ChatError.UNKNOWN_TYPE, "unknown message type " + quote(type)
                        + "; expected join, say or leave");
        }
    }

    private JsonNode readJson(String text) throws ChatError {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ChatError(ChatError.MALFORMED_JSON, "malformed JSON: the message is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String why = describe(e.getOriginalMessage());
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ChatError(ChatError.MALFORMED_JSON, "malformed JSON" + where + ": " + why);
        }
    }

    /** Jackson's description, without its internals (class names, feature names, source excerpts). */
    private static String describe(String jackson) {
        if (jackson.startsWith("Unexpected end-of-input")) {
            return "the message ends inside the JSON value";
        }
        if (jackson.startsWith("Trailing token")) {
            return "something follows the JSON value";
        }
        String why = jackson;
        for (String cut : new String[] {"\n", " (start marker", " (bound as"}) {
            int at = why.indexOf(cut);
            if (at >= 0) {
                why = why.substring(0, at);
            }
        }
        return why.length() > 160 ? why.substring(0, 160) + "..." : why;
    }

    private static String string(JsonNode message, String field, String what) throws ChatError {
        JsonNode value = message.get(field);
        if (value == null) {
            throw new ChatError(ChatError.BAD_MESSAGE, what + " needs a " + quote(field) + " field");
        }
        if (!value.isTextual()) {
            throw new ChatError(ChatError.BAD_MESSAGE, quote(field) + " must be a string, got " + kind(value));
        }
        return value.textValue();
    }

    private static void onlyFields(JsonNode message, String type, Set<String> allowed) throws ChatError {
        for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ChatError(ChatError.BAD_MESSAGE, "unknown field " + quote(name) + " in a " + type
                        + " message; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static String name(String name) throws ChatError {
        if (!NAME.matcher(name).matches() || name.startsWith(" ") || name.endsWith(" ")) {
            throw new ChatError(ChatError.INVALID_NAME, "a name has 1 to " + MAX_NAME
                    + " letters, digits, spaces, '-', '_' or '.', and does not start or end with a space");
        }
        return name;
    }

    private static String after(String id) throws ChatError {
        if (!MessageIds.isValid(id)) {
            throw new ChatError(ChatError.INVALID_ID, "\"after\" must be a message id as the server gave it "
                    + "(digits, a dash, digits), got " + quote(id));
        }
        return id;
    }

    private static String room(String room) throws ChatError {
        if (!ROOM.matcher(room).matches()) {
            throw new ChatError(ChatError.INVALID_ROOM, "a room name has 1 to " + MAX_ROOM
                    + " letters (a-z, A-Z), digits, '-' or '_'");
        }
        return room;
    }

    private static String text(String text) throws ChatError {
        int length = text.codePointCount(0, text.length());
        if (text.isBlank()) {
            throw new ChatError(ChatError.INVALID_TEXT, "the text is empty");
        }
        if (length > MAX_TEXT) {
            throw new ChatError(ChatError.INVALID_TEXT, "the text has " + length + " characters, at most "
                    + MAX_TEXT + " are allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
                throw new ChatError(ChatError.INVALID_TEXT, "the text holds a control character (U+"
                        + String.format("%04X", (int) c) + "); only tab and newline are allowed");
            }
        }
        return text;
    }

    private static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            case STRING:
                return "a string";
            default:
                return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The value in double quotes, cut to 40 chars so an error never repeats a long input. */
    private static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return '"' + shown + '"';
    }
}

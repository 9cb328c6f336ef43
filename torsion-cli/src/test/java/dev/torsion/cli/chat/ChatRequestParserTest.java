package dev.torsion.cli.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every client message is either a valid request or a clear error with a stable code. */
class ChatRequestParserTest {

    private final ChatRequestParser parser = new ChatRequestParser();

    @Test
    void validMessagesBecomeRequests() throws ChatError {
        assertThat(parser.parse("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"Zoë O'Neil\"}".replace("'", "-")))
                .isEqualTo(new ChatRequest.Join("lobby", "Zoë O-Neil"));
        assertThat(parser.parse("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"a\",\"after\":\"17-3\"}"))
                .isEqualTo(new ChatRequest.Join("lobby", "a", "17-3"));
        assertThat(parser.parse(" {\"text\": \"hello\\nworld \\u2603\", \"type\": \"say\"} "))
                .isEqualTo(new ChatRequest.Say("hello\nworld \u2603"));
        assertThat(parser.parse("{\"type\":\"leave\"}")).isEqualTo(new ChatRequest.Leave());
        assertThat(parser.parse("{\"type\":\"say\",\"text\":\"" + "é".repeat(1000) + "\"}"))
                .isEqualTo(new ChatRequest.Say("é".repeat(1000)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                                | malformed-json | malformed JSON: the message is empty",
        "`{\"type\":\"leave\"`                             | malformed-json | malformed JSON at line 1, column 16: the message ends inside the JSON value",
        "`{'type':'leave'}`                                | malformed-json | malformed JSON at line 1, column 2: Unexpected character (''' (code 39)): was expecting double-quote to start field name",
        "`{\"type\":\"leave\"} {}`                         | malformed-json | malformed JSON at line 1, column 18: something follows the JSON value",
        "`{\"type\":\"leave\",\"type\":\"say\"}`           | malformed-json | malformed JSON at line 1, column 23: Duplicate field 'type'",
        "`[1,2]`                                           | bad-message    | a message must be a JSON object, got an array",
        "`\"join\"`                                        | bad-message    | a message must be a JSON object, got a string",
        "`{}`                                              | bad-message    | a message needs a \"type\" field",
        "`{\"type\":7}`                                    | bad-message    | \"type\" must be a string, got a number",
        "`{\"type\":\"dance\"}`                            | unknown-type   | unknown message type \"dance\"; expected join, say or leave",
        "`{\"type\":\"join\",\"room\":\"lobby\"}`          | bad-message    | a join needs a \"name\" field",
        "`{\"type\":\"join\",\"room\":null,\"name\":\"a\"}` | bad-message   | \"room\" must be a string, got null",
        "`{\"type\":\"leave\",\"room\":\"x\"}`             | bad-message    | unknown field \"room\" in a leave message; allowed: type",
        "`{\"type\":\"say\",\"txt\":\"hi\"}`               | bad-message    | unknown field \"txt\" in a say message; allowed: text, type",
        "`{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"\"}`        | invalid-name | a name has 1 to 32 letters",
        "`{\"type\":\"join\",\"room\":\"lobby\",\"name\":\" al\"}`     | invalid-name | a name has 1 to 32 letters",
        "`{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"<b>x</b>\"}` | invalid-name | a name has 1 to 32 letters",
        "`{\"type\":\"join\",\"room\":\"lob by\",\"name\":\"al\"}`     | invalid-room | a room name has 1 to 32 letters (a-z, A-Z), digits, '-' or '_'",
        "`{\"type\":\"say\",\"text\":\"   \"}`             | invalid-text   | the text is empty",
        "`{\"type\":\"say\",\"text\":\"a\\u0007b\"}`       | invalid-text   | the text holds a control character (U+0007); only tab and newline are allowed",
    })
    void badMessagesGetAClearError(String input, String code, String messageStart) {
        assertThatThrownBy(() -> parser.parse(input)).isInstanceOf(ChatError.class)
                .satisfies(e -> assertThat(((ChatError) e).code()).isEqualTo(code))
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void overLongFieldsAreRefusedWithTheirLimit() {
        assertThatThrownBy(() -> parser.parse("{\"type\":\"say\",\"text\":\"" + "x".repeat(1001) + "\"}"))
                .hasMessage("the text has 1001 characters, at most 1000 are allowed");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"" + "n".repeat(33) + "\"}"))
                .isInstanceOf(ChatError.class).hasMessageStartingWith("a name has 1 to 32");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"join\",\"room\":\"" + "r".repeat(33) + "\",\"name\":\"n\"}"))
                .isInstanceOf(ChatError.class).hasMessageStartingWith("a room name has 1 to 32");
    }

    @Test
    void anErrorNeverRepeatsALongInput() {
        assertThatThrownBy(() -> parser.parse("{\"type\":\"" + "z".repeat(5000) + "\"}"))
                .hasMessage("unknown message type \"" + "z".repeat(40) + "...\"; expected join, say or leave");
    }
}

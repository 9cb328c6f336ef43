package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpTokens;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses and formats the {@code Sec-WebSocket-Extensions} header (RFC 6455 sections 9.1 and 11.3.2):
 *
 * <pre>
 * extension-list = 1#extension
 * extension      = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 *
 * <p>Parsing is strict about this grammar and lenient only where HTTP asks recipients to be: optional
 * whitespace around {@code ,} {@code ;} and {@code =}, and empty list elements, which are skipped. A quoted
 * value must unquote to a token, as the RFC requires ({@code bits="10"} is fine, {@code x="a b"} is not).
 * Repeated header fields are one list, read in order, as if joined with {@code ", "}.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ExtensionHeader {

    /** The header's name. */
    public static final String NAME = "Sec-WebSocket-Extensions";

    private ExtensionHeader() {
    }

    /**
     * The elements of every {@code Sec-WebSocket-Extensions} field value, in order.
     *
     * @param fieldValues the values of the header fields, one per field line
     * @throws MalformedHeaderException if any part breaks the grammar; nothing is returned then, since after
     *                                  an error the boundaries of the following elements cannot be trusted
     */
    public static List<ExtensionOffer> parse(List<String> fieldValues) throws MalformedHeaderException {
        return new Parser(String.join(", ", fieldValues)).parseList();
    }

    /** The header value for {@code elements}: each formatted as in {@link ExtensionOffer#toString()}, joined by {@code ", "}. */
    public static String format(List<ExtensionOffer> elements) {
        StringBuilder value = new StringBuilder();
        for (ExtensionOffer element : elements) {
            if (value.length() > 0) {
                value.append(", ");
            }
            value.append(formatElement(element.name(), element.parameters()));
        }
        return value.toString();
    }

    /** The header value for the extensions a server agreed to, in order. */
    public static String formatAgreed(List<? extends NegotiatedExtension> agreed) {
        StringBuilder value = new StringBuilder();
        for (NegotiatedExtension extension : agreed) {
            if (value.length() > 0) {
                value.append(", ");
            }
            value.append(formatElement(extension.name(), extension.parameters()));
        }
        return value.toString();
    }

    static String formatElement(String name, List<ExtensionParameter> parameters) {
        StringBuilder element = new StringBuilder(name);
        for (ExtensionParameter parameter : parameters) {
            element.append("; ").append(parameter);
        }
        return element.toString();
    }

    /** A cursor over one combined header value. Used by one thread, for one parse. */
    private static final class Parser {

        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<ExtensionOffer> parseList() throws MalformedHeaderException {
            List<ExtensionOffer> elements = new ArrayList<>();
            while (true) {
                skipWhitespace();
                if (atEnd()) {
                    return elements;
                }
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                elements.add(parseElement());
                skipWhitespace();
                if (!atEnd()) {
                    if (peek() != ',') {
                        throw error("expected ',' or ';'");
                    }
                    pos++;
                }
            }
        }

        private ExtensionOffer parseElement() throws MalformedHeaderException {
            String name = token("an extension name");
            List<ExtensionParameter> parameters = new ArrayList<>();
            skipWhitespace();
            while (!atEnd() && peek() == ';') {
                pos++;
                skipWhitespace();
                String parameterName = token("a parameter name");
                skipWhitespace();
                String value = null;
                if (!atEnd() && peek() == '=') {
                    pos++;
                    skipWhitespace();
                    value = atEnd() || peek() != '"' ? token("a parameter value") : quotedToken();
                    skipWhitespace();
                }
                parameters.add(new ExtensionParameter(parameterName, value));
            }
            return new ExtensionOffer(name, parameters);
        }

        private String token(String what) throws MalformedHeaderException {
            int start = pos;
            while (!atEnd() && HttpTokens.isTokenChar(peek())) {
                pos++;
            }
            if (pos == start) {
                throw error("expected " + what);
            }
            return text.substring(start, pos);
        }

        private String quotedToken() throws MalformedHeaderException {
            int start = pos;
            pos++; // opening quote
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    pos = start;
                    throw error("unterminated quoted string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (atEnd()) {
                        pos = start;
                        throw error("unterminated quoted string");
                    }
                    c = text.charAt(pos++);
                }
                if (c != '\t' && (c < 0x20 || c == 0x7f)) {
                    pos--;
                    throw error("control character in quoted string");
                }
                value.append(c);
            }
            if (!HttpTokens.isToken(value.toString())) {
                pos = start;
                throw error("quoted parameter value must unquote to a token");
            }
            return value.toString();
        }

        private void skipWhitespace() {
            while (!atEnd() && HttpTokens.isWhitespace(peek())) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private char peek() {
            return text.charAt(pos);
        }

        private MalformedHeaderException error(String problem) {
            return new MalformedHeaderException(NAME, problem, pos);
        }
    }
}

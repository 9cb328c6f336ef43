package dev.torsion.websocket;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RequestUris}: a request target as sent becomes a {@link URI} without failing, valid ones unchanged. */
class RequestUrisTest {

    @Test
    void aValidTargetStaysAsItIs() {
        assertThat(RequestUris.parse("/chat?room=a%20b&x=1")).isEqualTo(URI.create("/chat?room=a%20b&x=1"));
        assertThat(RequestUris.parse("ws://[::1]:8080/x")).isEqualTo(URI.create("ws://[::1]:8080/x"));
    }

    @Test
    void charactersAUriRefusesArePercentEncoded() {
        URI uri = RequestUris.parse("/a|b/{c}?q=\"x\"&p=100%&r=%zz");
        assertThat(uri.getRawPath()).isEqualTo("/a%7Cb/%7Bc%7D");
        assertThat(uri.getPath()).isEqualTo("/a|b/{c}");
        assertThat(uri.getRawQuery()).isEqualTo("q=%22x%22&p=100%25&r=%25zz");
    }
}

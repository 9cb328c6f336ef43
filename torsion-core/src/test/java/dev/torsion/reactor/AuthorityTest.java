package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 3986 section 3.2.2: an IPv6 address in an authority goes in brackets; names and IPv4 do not. */
class AuthorityTest {

    @Test
    void ipv6InBracketsOthersAsTheyAre() {
        assertThat(Authority.of("::1", 8080)).isEqualTo("[::1]:8080");
        assertThat(Authority.of("[::1]", 8080)).isEqualTo("[::1]:8080");
        assertThat(Authority.of("fe80::1%eth0", 1)).isEqualTo("[fe80::1%eth0]:1");
        assertThat(Authority.of("127.0.0.1", 80)).isEqualTo("127.0.0.1:80");
        assertThat(Authority.of("example.com", 443)).isEqualTo("example.com:443");
        assertThat(Authority.of(new InetSocketAddress("::1", 9))).isEqualTo("[0:0:0:0:0:0:0:1]:9");
    }
}

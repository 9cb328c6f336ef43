package dev.torsion.websocket.client;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client-only application does not need the HTTP server: torsion-websocket depends on torsion-web only
 * optionally, for {@code dev.torsion.websocket.server} and for the client's HTTP/2 connections (the classes
 * {@code Http2SharedConnection} and {@code Http2WebSocketStream}, loaded only with {@code http2(true)}). Proved
 * twice: no other class refers to {@code dev.torsion.web}, and a client program runs in a class loader that has
 * torsion-core, torsion-http and torsion-websocket but no torsion-web.
 */
class ClientWithoutWebServerTest {

    private static final byte[] WEB_PACKAGE = "dev/torsion/web/".getBytes(StandardCharsets.US_ASCII);

    @Test
    void onlyTheServerPackageRefersToTheWebServer() throws Exception {
        Path classes = location(WebSocketClient.class);
        List<String> offenders = new ArrayList<>();
        List<String> serverUsers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (contains(Files.readAllBytes(file), WEB_PACKAGE)) {
                    boolean http2 = name.startsWith("dev/torsion/websocket/client/Http2")
                            && !name.startsWith("dev/torsion/websocket/client/Http2Connections");
                    (name.startsWith("dev/torsion/websocket/server/") || http2 ? serverUsers : offenders).add(name);
                }
            }
        }
        assertThat(offenders).as("classes outside dev.torsion.websocket.server that refer to torsion-web").isEmpty();
        assertThat(serverUsers).as("the scan sees the server's use of torsion-web").isNotEmpty();
    }

    @Test
    void aClientRunsWithoutTorsionWebOnTheClassPath(@TempDir Path dir) throws Exception {
        Path web = location(Site.class);
        List<URL> path = new ArrayList<>();
        for (Class<?> c : List.of(WebSocketClient.class, HttpHeaders.class, Reactor.class, ClientOnlyProgram.class)) {
            Path p = location(c);
            assertThat(p).isNotEqualTo(web);
            path.add(p.toUri().toURL());
        }
        try (TestServers servers = new TestServers(dir);
             URLClassLoader clientOnly = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> clientOnly.loadClass(Site.class.getName())).isInstanceOf(ClassNotFoundException.class);
            @SuppressWarnings("unchecked")
            Function<String, String> program = (Function<String, String>) clientOnly
                    .loadClass(ClientOnlyProgram.class.getName()).getConstructor().newInstance();
            assertThat(program.getClass().getClassLoader()).isSameAs(clientOnly);
            assertThat(program.apply(servers.ws("/echo"))).isEqualTo("hello (headers kept: [websocket]) "
                    + "http2(true) needs torsion-web (dev.torsion:torsion-web), where HTTP/2 lives, on the class path");
        }
    }

    private static Path location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static boolean contains(byte[] haystack, byte[] needle) throws IOException {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

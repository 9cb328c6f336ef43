package dev.torsion.websocket.client;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.reactor.Transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;

/**
 * A small HTTP CONNECT proxy on the Torsion reactor, for tests: reads {@code CONNECT host:port}, checks Basic
 * credentials when it has some (407 otherwise), refuses target ports its predicate rejects (403), connects
 * to the target (502 if it cannot) and then relays bytes both ways with flow control. It records every
 * request head it received.
 *
 * <p><b>Threading.</b> One event loop; {@link #requests} may be read from any thread. <b>Lifecycle.</b>
 * Listens from construction until {@link #close()}.
 */
final class ConnectProxy implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1)
            .withThreadNamePrefix("test-proxy-"));
    private final String credentials;
    private final IntPredicate allowedPorts;
    private final ListeningPort port;

    /** A proxy that wants {@code user:password} (null: no authentication) and tunnels to allowed ports only. */
    ConnectProxy(String userColonPassword, IntPredicate allowedPorts) throws IOException {
        this.credentials = userColonPassword == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
        this.allowedPorts = allowedPorts;
        this.port = reactor.listenTcp("127.0.0.1", 0, remote -> new Front());
    }

    int port() {
        return port.port();
    }

    @Override
    public void close() {
        reactor.close();
    }

    /** The client's side: the request head, then the tunnel's client half. */
    private final class Front implements Protocol {
        private Transport transport;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private Back back;
        private boolean tunnelling;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (tunnelling) {
                back.transport.write(copy(data));
                return;
            }
            while (data.hasRemaining() && !tunnelling) {
                head.write(data.get());
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n > 8192) {
                    answer("400 Bad Request");
                    return;
                }
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    request(new String(h, StandardCharsets.ISO_8859_1));
                    if (data.hasRemaining() && back != null) {
                        back.early = copy(data); // bytes sent before the 200: kept for the target
                    }
                    return;
                }
            }
        }

        private void request(String text) {
            requests.add(text);
            String[] lines = text.split("\r\n");
            String[] parts = lines[0].split(" ");
            if (parts.length != 3 || !parts[0].equals("CONNECT")) {
                answer("405 Method Not Allowed");
                return;
            }
            if (credentials != null && !hasHeader(lines, "Proxy-Authorization", credentials)) {
                answer("407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"");
                return;
            }
            String authority = parts[1];
            int colon = authority.lastIndexOf(':');
            String host = authority.substring(0, colon).replace("[", "").replace("]", "");
            int targetPort = Integer.parseInt(authority.substring(colon + 1));
            if (!allowedPorts.test(targetPort)) {
                answer("403 Forbidden");
                return;
            }
            back = new Back(this);
            transport.pauseReading();
            reactor.connectTcp(host, targetPort, remote -> back).whenComplete((p, error) -> {
                if (error != null) {
                    answer("502 Bad Gateway");
                }
            });
        }

        void opened() {
            tunnelling = true;
            transport.write(ByteBuffer.wrap("HTTP/1.1 200 Connection established\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1)));
            transport.resumeReading();
        }

        private void answer(String statusAndHeaders) {
            transport.write(ByteBuffer.wrap(("HTTP/1.1 " + statusAndHeaders + "\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            transport.loseConnection();
        }

        @Override
        public void writabilityChanged(boolean writable) {
            if (back != null && back.transport != null) {
                if (writable) {
                    back.transport.resumeReading();
                } else {
                    back.transport.pauseReading();
                }
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            if (back != null && back.transport != null) {
                back.transport.loseConnection();
            }
        }
    }

    /** The target's side of a tunnel. */
    private static final class Back implements Protocol {
        private final Front front;
        private Transport transport;
        private ByteBuffer early;

        Back(Front front) {
            this.front = front;
        }

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
            if (!front.transport.isOpen()) {
                transport.abortConnection(); // the client left while we connected
                return;
            }
            front.opened();
            if (early != null) {
                transport.write(early);
            }
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            front.transport.write(copy(data));
        }

        @Override
        public void writabilityChanged(boolean writable) {
            if (writable) {
                front.transport.resumeReading();
            } else {
                front.transport.pauseReading();
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            front.transport.loseConnection();
        }
    }

    private static boolean hasHeader(String[] lines, String name, String value) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)
                    && line.substring(colon + 1).trim().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer copy(ByteBuffer data) {
        return ByteBuffer.allocate(data.remaining()).put(data).flip();
    }
}

package dev.torsion.cli;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Starts the chat command's site on a free port, on two event loops, for a test class. */
final class ChatServerFixture implements AutoCloseable {

    final Reactor reactor;
    final ListeningPort port;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    ChatServerFixture() throws Exception {
        ChatCommand command = new ChatCommand(new PrintStream(log, true, StandardCharsets.UTF_8));
        command.verbose = true;
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, command.site());
    }

    String httpUrl(String path) {
        return "http://127.0.0.1:" + port.port() + path;
    }

    String wsUrl(String path) {
        return "ws://127.0.0.1:" + port.port() + path;
    }

    @Override
    public void close() {
        reactor.close();
    }
}

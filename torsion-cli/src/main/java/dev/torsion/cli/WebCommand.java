package dev.torsion.cli;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.FileResource;
import dev.torsion.web.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code torsion web --path DIR}: serves a folder over HTTP/1.1, as {@code twistd web --path} does for
 * Twisted users (content types, ETag and Last-Modified, ranges, no escape from the folder).
 *
 * <p><b>Lifecycle.</b> Runs until interrupted; then stops accepting and lets responses finish (2 s).
 */
@Command(name = "web", mixinStandardHelpOptions = true, description = "Serve a folder of static files over HTTP.")
final class WebCommand implements Callable<Integer> {

    @Option(names = "--path", required = true, description = "The folder to serve.")
    Path path;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--listing", description = "List the contents of folders that have no index.html.")
    boolean listing;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(path)) {
            System.err.println("torsion web: --path must be a folder: " + path);
            return 2;
        }
        FileResource files = new FileResource(path.toAbsolutePath().normalize()).setDirectoryListing(listing);
        Reactor reactor = Reactor.create();
        ListeningPort listening;
        try {
            listening = reactor.listenTcp(host, port, new Site(files));
        } catch (java.io.IOException e) {
            reactor.close();
            System.err.println("torsion web: " + e.getMessage());
            return 2;
        }
        System.out.println("torsion web: serving " + path.toAbsolutePath().normalize() + " on http://"
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + listening.port() + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                reactor.shutdownGracefully(Duration.ofSeconds(2)).get();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "torsion-web-shutdown"));
        reactor.run();
        return 0;
    }
}

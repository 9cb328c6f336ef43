package dev.torsion.cli;

import dev.torsion.reactor.Authority;
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
 * {@code torsion web --path DIR}: serves a folder over HTTP, as {@code twistd web --path} does for Twisted
 * users (content types, ETag and Last-Modified, conditional requests, ranges, no escape from the folder; no
 * dotfiles and no listings unless asked for): HTTP/1.1, and HTTP/2 with prior knowledge on plain TCP; with
 * {@code --cert}/{@code --key} (or {@code --keystore}) over TLS, HTTP/2 by ALPN as {@code echo} and {@code chat}
 * do.
 *
 * <p><b>Lifecycle.</b> Runs until interrupted; then stops accepting and lets responses finish (2 s).
 */
@Command(name = "web", mixinStandardHelpOptions = true, description = {
    "Serve a folder of static files over HTTP.",
    "Safe by default: dotfiles and dot-folders (.git/, .env) are not served (404), and a folder without "
            + "index.html is not listed (403); --dotfiles and --listing switch them on."})
final class WebCommand implements Callable<Integer> {

    @Option(names = "--path", required = true, description = "The folder to serve.")
    Path path;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", converter = Options.Port.class,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--listing", description = "List the contents of folders that have no index.html "
            + "(default: off, such a folder gets 403).")
    boolean listing;

    @picocli.CommandLine.Mixin
    TlsOptions tlsOptions = new TlsOptions();

    @Option(names = "--dotfiles", description = "Serve files and folders whose names start with a dot "
            + "(default: off, they get 404 and are left out of listings).")
    boolean dotfiles;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(path)) {
            throw new CliError(CliError.USAGE, "--path must be a folder: " + path);
        }
        FileResource files = new FileResource(path.toAbsolutePath().normalize()).setDirectoryListing(listing)
                .setDotfiles(dotfiles);
        dev.torsion.tls.TlsConfig tls = tlsOptions.configOrExit();
        Reactor reactor = Reactor.create();
        Site site = new Site(files);
        ListeningPort listening = Listen.on(reactor, host, port, tls == null ? site : tls.wrap(site));
        System.out.println("torsion web: serving " + path.toAbsolutePath().normalize() + " on "
                + (tls == null ? "http://" : "https://") + Authority.of(host, listening.port()) + "/");
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

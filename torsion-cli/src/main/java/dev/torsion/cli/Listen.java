package dev.torsion.cli;

import dev.torsion.reactor.Authority;
import dev.torsion.reactor.Factory;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;

import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;

/**
 * Opens a server command's listening port, turning the ways that fails into one line the user can act on:
 * the port in use, an address that is not this machine's, a port below 1024 without privileges, a host name
 * that does not resolve. Every server command (echo, chat, web, tcp-echo, the benchmark servers) listens
 * through it.
 *
 * <p>Stateless.
 */
public final class Listen {

    private Listen() {
    }

    /**
     * Listens on {@code host:port} on {@code reactor}; on failure closes the reactor (nothing else runs on it
     * yet) and throws a {@link CliError} with status 2.
     */
    public static ListeningPort on(Reactor reactor, String host, int port, Factory factory) {
        try {
            return reactor.listenTcp(host, port, factory);
        } catch (IOException e) {
            reactor.close();
            throw new CliError(CliError.USAGE, "cannot listen on " + Authority.of(host, port) + ": " + why(e, port));
        }
    }

    private static String why(IOException e, int port) {
        if (e instanceof UnknownHostException) {
            return "unknown host (give an address of this machine, e.g. 127.0.0.1 or 0.0.0.0)";
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof BindException && message.contains("in use")) {
            return "the port is in use (another server is there: stop it, or choose another --port; "
                    + "0 picks a free one)";
        }
        if (message.contains("Cannot assign requested address")) {
            return "that is not an address of this machine";
        }
        if (message.contains("Permission denied") && port < 1024) {
            return "permission denied (ports below 1024 need privileges: choose a port from 1024 up)";
        }
        return message;
    }
}

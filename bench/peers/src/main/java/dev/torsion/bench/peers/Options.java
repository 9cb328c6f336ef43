package dev.torsion.bench.peers;

import java.util.List;

/**
 * The command-line options every peer shares: {@code --port N} (required), {@code --host H}
 * (default {@code 127.0.0.1}) and {@code --deflate} (offer permessage-deflate; off by default).
 */
record Options(String host, int port, boolean deflate) {

    /** Largest message every WebSocket peer accepts, in either direction: 16 MiB. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** Parses the arguments that follow the peer's name; throws {@link IllegalArgumentException} on bad input. */
    static Options parse(List<String> args) {
        String host = "127.0.0.1";
        Integer port = null;
        boolean deflate = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--host" -> host = value(args, ++i, arg);
                case "--port" -> port = parsePort(value(args, ++i, arg));
                case "--deflate" -> deflate = true;
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (port == null) {
            throw new IllegalArgumentException("--port is required");
        }
        return new Options(host, port, deflate);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + text, e);
        }
    }
}

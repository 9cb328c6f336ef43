package dev.torsion.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Shared lifecycle of the Netty peers: bind, print the ready line, serve until SIGTERM, shut down gracefully. */
final class NettyServers {

    private NettyServers() {
    }

    static void serve(ServerBootstrap bootstrap, Options options, EventLoopGroup... groups) throws InterruptedException {
        Channel server;
        try {
            server = bootstrap.bind(options.host(), options.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdown(groups);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            shutdown(groups);
        }, "peer-shutdown"));
        Peers.ready(options.host(), ((InetSocketAddress) server.localAddress()).getPort());
        server.closeFuture().sync();
    }

    private static void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        for (EventLoopGroup group : groups) {
            group.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}

package dev.torsion.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Shared lifecycle of the Netty peers: bind, print the ready line, serve until SIGTERM, shut down gracefully. */
final class NettyServers {

    /** The body of the HTTP peers' answer, {@code hello, world\n}: one read-only direct buffer, duplicated per response. */
    static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes("hello, world\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private NettyServers() {
    }

    /**
     * Serves with one acceptor loop and one NIO event loop for every connection, TCP_NODELAY on, each
     * connection's pipeline set up by {@code pipeline}.
     */
    static void serveOnOneLoop(Options options, Consumer<ChannelPipeline> pipeline) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, worker)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline.accept(channel.pipeline());
                    }
                });
        serve(bootstrap, options, boss, worker);
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

package dev.torsion.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty 4.2 WebSocket echo peer ({@code netty-ws}): {@link WebSocketServerProtocolHandler} at any path,
 * messages aggregated up to 16 MiB and written back as they came (text as text, binary as binary),
 * one NIO event loop for all connections, permessage-deflate only with {@code --deflate}.
 * Reading pauses while a connection's outbound buffer is above its high watermark.
 */
final class NettyWsPeer {

    private NettyWsPeer() {
    }

    static void run(Options options) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, worker)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new Initializer(options.deflate()));
        NettyServers.serve(bootstrap, options, boss, worker);
    }

    /** Builds each connection's pipeline: HTTP for the handshake, then WebSocket framing and echo. */
    private static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final boolean deflate;

        Initializer(boolean deflate) {
            this.deflate = deflate;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            ChannelPipeline pipeline = channel.pipeline();
            pipeline.addLast(new HttpServerCodec());
            pipeline.addLast(new HttpObjectAggregator(64 * 1024));
            if (deflate) {
                // The argument caps the buffer a compressed message may inflate into.
                pipeline.addLast(new WebSocketServerCompressionHandler(Options.MAX_MESSAGE_BYTES));
            }
            pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/")
                    .checkStartsWith(true) // any path, as the perf rig's load generator asks for /bench
                    .allowExtensions(deflate)
                    .maxFramePayloadLength(Options.MAX_MESSAGE_BYTES)
                    .build()));
            pipeline.addLast(new WebSocketFrameAggregator(Options.MAX_MESSAGE_BYTES));
            pipeline.addLast(new EchoHandler());
        }
    }

    /** Writes every text and binary message back; flushes once per read batch. */
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                ctx.write(msg, ctx.voidPromise());
            } else if (msg instanceof FullHttpRequest request) {
                // The protocol handler answers plain requests itself (400); anything else it passes on gets a 404.
                request.release();
                DefaultFullHttpResponse response = new DefaultFullHttpResponse(
                        request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Channel channel = ctx.channel();
            channel.config().setAutoRead(channel.isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

package dev.torsion.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Netty 4.2 broadcast peer ({@code netty-fanout}) for the fan-out benchmark: {@link WebSocketServerProtocolHandler}
 * at {@code /}, one NIO event loop for all connections; every connection joins one {@link DefaultChannelGroup}
 * once its handshake is complete, and every text message received is broadcast to the whole group (its sender
 * included) with {@link ChannelGroup#writeAndFlush(Object)}, Netty's idiomatic broadcast: each channel gets a
 * retained duplicate of the frame, which its own encoder frames, and is flushed at once. Binary messages are
 * dropped. No compression ({@code --deflate} is ignored) and no bound on what a slow channel buffers (the
 * group writes whatever a channel's writability).
 */
final class NettyFanoutPeer {

    private NettyFanoutPeer() {
    }

    static void run(Options options) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ChannelGroup group = new DefaultChannelGroup("fanout", GlobalEventExecutor.INSTANCE);
        BroadcastHandler broadcast = new BroadcastHandler(group);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, worker)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(new HttpServerCodec());
                        pipeline.addLast(new HttpObjectAggregator(64 * 1024));
                        pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath("/")
                                .maxFramePayloadLength(Options.MAX_MESSAGE_BYTES)
                                .build()));
                        pipeline.addLast(new WebSocketFrameAggregator(Options.MAX_MESSAGE_BYTES));
                        pipeline.addLast(broadcast);
                    }
                });
        NettyServers.serve(bootstrap, options, boss, worker);
    }

    /** Adds each upgraded channel to the group (a closed one leaves by itself) and broadcasts text messages. */
    @ChannelHandler.Sharable
    private static final class BroadcastHandler extends ChannelInboundHandlerAdapter {
        private final ChannelGroup group;

        BroadcastHandler(ChannelGroup group) {
            this.group = group;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                group.add(ctx.channel());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame frame) {
                group.writeAndFlush(frame); // a retained duplicate per channel; the group releases the original
            } else if (msg instanceof FullHttpRequest request) {
                // Not an upgrade at "/": the protocol handler passed it on. Answer it rather than leave it hanging.
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
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

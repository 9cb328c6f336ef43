package dev.torsion.bench.peers;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty 4.2 HTTP/1.1 peer ({@code netty-http}) for the requests-per-second comparison with wrk:
 * {@code GET /} answers {@code 200 "hello, world\n"} as {@code text/plain}, anything else {@code 404};
 * keep-alive as the client asks, pipelined requests answered in order with one flush per read batch,
 * one NIO event loop for all connections. {@code --deflate} has no effect.
 */
final class NettyHttpPeer {


    private NettyHttpPeer() {
    }

    static void run(Options options) throws InterruptedException {
        NettyServers.serveOnOneLoop(options, p -> p.addLast(new HttpServerCodec(), new HelloHandler()));
    }

    /** Answers each request head; request bodies, if any, are dropped by the base class. */
    private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            boolean hello = request.method().equals(HttpMethod.GET) && request.uri().equals("/");
            FullHttpResponse response = hello
                    ? new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, NettyServers.HELLO.duplicate())
                    : new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.write(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

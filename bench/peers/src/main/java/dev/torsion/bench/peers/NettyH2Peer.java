package dev.torsion.bench.peers;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty 4.2 HTTP/2 peer ({@code netty-h2}) for the requests-per-second comparison with h2load: HTTP/2 with
 * prior knowledge on plain TCP (h2c), Netty's {@code Http2FrameCodec} with 100 concurrent streams announced;
 * a request's HEADERS (END_STREAM or not) is answered {@code 200}, {@code text/plain},
 * {@code hello, world\n} for {@code GET /} and {@code 404} otherwise, as a HEADERS frame and one DATA frame
 * with END_STREAM; request DATA is dropped. One NIO event loop, flushes once per read batch.
 * {@code --deflate} has no effect.
 */
final class NettyH2Peer {


    private NettyH2Peer() {
    }

    static void run(Options options) throws InterruptedException {
        NettyServers.serveOnOneLoop(options, p -> p.addLast(
                Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(100))
                        .build(),
                new HelloHandler()));
    }

    /** Answers each request's HEADERS on its stream; flushes at the end of each read batch. */
    private static final class HelloHandler extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame headers) {
                Http2Headers request = headers.headers();
                boolean hello = "GET".contentEquals(request.method()) && "/".contentEquals(request.path());
                Http2Headers response = new DefaultHttp2Headers().status(hello ? "200" : "404")
                        .set("content-type", "text/plain")
                        .setInt("content-length", hello ? NettyServers.HELLO.readableBytes() : 0);
                if (hello) {
                    ctx.write(new DefaultHttp2HeadersFrame(response).stream(headers.stream()), ctx.voidPromise());
                    ctx.write(new DefaultHttp2DataFrame(NettyServers.HELLO.duplicate(), true).stream(headers.stream()), ctx.voidPromise());
                } else {
                    ctx.write(new DefaultHttp2HeadersFrame(response, true).stream(headers.stream()), ctx.voidPromise());
                }
                return;
            }
            if (msg instanceof Http2DataFrame data) {
                data.release();
                return;
            }
            ReferenceCountUtil.release(msg);
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

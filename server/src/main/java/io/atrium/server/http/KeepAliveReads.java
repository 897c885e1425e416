package io.atrium.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.HttpOperations;
import reactor.netty.http.server.HttpServer;

/**
 * Keeps a keep-alive connection reading after Reactor Netty 1.2.18 has replayed a request it held back.
 *
 * <p>Reactor Netty reads a connection on demand: each read is asked for once the previous request's
 * operations have ended. A request that arrives before they have ended (a client that sends its next
 * request the moment the answer's last byte reaches it, while the server still finishes the answer, as
 * when a command's 202 is written from a command thread) is held in a queue with its trailing empty
 * body, and replayed when those operations end. When the replayed request is answered at once, the
 * replay ends on the trailing body alone and asks for no read: the connection then sits with the
 * client's next request unread until the client gives up (reactor-netty issues #4347 and #4361;
 * 1.2.18 is the last 1.2 release, and 1.3 needs Spring Boot 4). Seen here as a 30 s time-out on one
 * request in a few hundred; a stress of commands and reads on one connection stalled 23 times in 1,089
 * requests.
 *
 * <p>Two handlers sit around Reactor Netty's traffic handler. The stall's signature is a piece of a
 * request's body passing out of it while no request's operations are bound to the channel: the request
 * it belonged to has already been answered (with its whole body queued, or only part of it, as for a
 * refused upload). The handler then asks for a read once the replay has finished (the task runs after
 * it on the channel's event loop), unless by then a request is in flight or the traffic handler still
 * holds a request back: the two handlers count request heads going in and coming out, and while any is
 * held, its own replay reads when it ends, as Reactor Netty does without this. So no read is asked for
 * that Reactor Netty would not ask for once fixed, and a pipelining client cannot grow the queue through
 * it. A read asked for twice costs nothing: the socket is read once when data is there.
 *
 * <p>Not covered: a held-back request that asks to close the connection (Connection: close, HTTP/1.0)
 * is never replayed by Reactor Netty, and no read can change that; the connection stays open until the
 * client closes it. Only cleartext HTTP/1.1 pipelines are changed (the server has no TLS or HTTP/2).
 */
@Component
public class KeepAliveReads implements NettyServerCustomizer {

    static final String COUNT_IN = "atrium.keepAliveReads.in";
    static final String RESUME = "atrium.keepAliveReads.resume";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            // Only an HTTP/1.1 pipeline has the traffic handler (and the queue); others are left as they are.
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                HeldBack heldBack = new HeldBack();
                channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, COUNT_IN, new CountIn(heldBack));
                channel.pipeline().addAfter(NettyPipeline.HttpTrafficHandler, RESUME, new ResumeReads(heldBack));
            }
        });
    }

    static boolean requestInFlight(Channel channel) {
        return ChannelOperations.get(channel) instanceof HttpOperations<?, ?>;
    }

    /** Request heads the traffic handler has taken in and not yet passed on; only its event loop touches it. */
    private static final class HeldBack {
        int heads;
    }

    private static final class CountIn extends ChannelInboundHandlerAdapter {

        private final HeldBack heldBack;

        CountIn(HeldBack heldBack) {
            this.heldBack = heldBack;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                heldBack.heads++;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static final class ResumeReads extends ChannelInboundHandlerAdapter {

        private final HeldBack heldBack;

        ResumeReads(HeldBack heldBack) {
            this.heldBack = heldBack;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                heldBack.heads--;
            }
            boolean orphanBody = msg instanceof HttpContent && !requestInFlight(ctx.channel());
            ctx.fireChannelRead(msg);
            if (orphanBody) {
                ctx.executor().execute(() -> {
                    Channel channel = ctx.channel();
                    if (channel.isActive()
                            && !channel.config().isAutoRead()
                            && !requestInFlight(channel)
                            && heldBack.heads == 0) {
                        ctx.read();
                    }
                });
            }
        }
    }
}

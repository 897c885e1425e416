package io.atrium.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
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
 * <p>The handler sits right after Reactor Netty's traffic handler. The stall's signature is an end of
 * a request's body passing through while no request's operations are bound to the channel: the
 * request it belonged to has already been answered. It then asks for a read once the replay has
 * finished (the task runs after it on the channel's event loop), unless a request is in flight by
 * then. A read asked for twice costs nothing: the socket is read once when data is there.
 */
@Component
public class KeepAliveReads implements NettyServerCustomizer {

    static final String HANDLER = "atrium.keepAliveReads";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            // Only an HTTP/1.1 pipeline has the traffic handler (and the queue); others are left as they are.
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpTrafficHandler, HANDLER, new ResumeReads());
            }
        });
    }

    static boolean requestInFlight(Channel channel) {
        return ChannelOperations.get(channel) instanceof HttpOperations<?, ?>;
    }

    private static final class ResumeReads extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean orphanEnd = msg instanceof LastHttpContent && !requestInFlight(ctx.channel());
            ctx.fireChannelRead(msg);
            if (orphanEnd) {
                ctx.executor().execute(() -> {
                    Channel channel = ctx.channel();
                    if (channel.isActive() && !channel.config().isAutoRead() && !requestInFlight(channel)) {
                        ctx.read();
                    }
                });
            }
        }
    }
}

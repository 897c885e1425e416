package io.atrium.query.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Where the manifest's Netty route reports the requests it refused (401, 403), for the security log;
 * the WebFlux routes are seen by the server's own filter. The server provides it; it must return at
 * once and never throw.
 */
@FunctionalInterface
public interface RefusedSdkRequests {

    /** Records nothing (a process that keeps no security log). */
    RefusedSdkRequests NONE = (method, path, clientAddress, hostApp, reply) -> {};

    /**
     * @param hostApp the host app the request named in {@code X-Atrium-App}, if any
     * @param reply   the refusal as answered (status, problem body)
     */
    void refused(String method, String path, String clientAddress, @Nullable String hostApp, SdkHandler.Reply reply);
}

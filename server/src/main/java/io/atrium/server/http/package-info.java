/**
 * The HTTP server's own connection handling, beneath WebFlux: what Reactor Netty needs from us to serve
 * keep-alive connections without stalling.
 */
@NullMarked
package io.atrium.server.http;

import org.jspecify.annotations.NullMarked;

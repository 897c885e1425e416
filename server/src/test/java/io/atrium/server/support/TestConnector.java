package io.atrium.server.support;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * The one HTTP connector every test client in the server's test JVM uses, for the shared server and
 * for the servers tests start themselves.
 *
 * <p>Its own event loops, never Reactor Netty's global ones: every Spring context this JVM closes (a
 * test that starts and stops a server of its own) disposes the global loops through its
 * ReactorResourceFactory, and a client created before that kept connecting on the disposed loops, so
 * every later request hung without ever opening a socket (seen in CI as timeouts right after the
 * placement and cluster tests). Nothing in the JVM but this class can dispose these loops.
 *
 * <p>No pool either, a connection per request: the servers of this JVM come and go on random ports,
 * and a pooled keep-alive connection to a server that had just closed once left the first request to
 * a freshly started server unanswered for 30 s, the client's loop busy invalidating the stale
 * connection. A loopback connect costs microseconds.
 */
public final class TestConnector {

    private static final ReactorClientHttpConnector CONNECTOR = new ReactorClientHttpConnector(
            HttpClient.newConnection().runOn(LoopResources.create("http-tests", 2, true)));

    private TestConnector() {}

    public static ReactorClientHttpConnector get() {
        return CONNECTOR;
    }
}

package io.atrium.kurrentdb.protocoldouble;

import static io.atrium.kurrentdb.protocoldouble.Clients.json;
import static io.atrium.kurrentdb.protocoldouble.Clients.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionListener;
import io.kurrent.dbclient.WriteResult;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReconnectProtocolDoubleTest {

    @Test
    void the_client_fails_while_the_double_is_down_and_reconnects_by_itself_after() throws Exception {
        try (KurrentDbProtocolDouble server = KurrentDbProtocolDouble.start()) {
            // Enough discovery attempts to outlast the outage; the client's default gives up after 1.5 s.
            KurrentDBClient client = Clients.connect(server, "&maxDiscoverAttempts=50&discoveryInterval=100");
            String stream = stream("outage");
            client.appendToStream(stream, json("atrium.Before", "{}")).get();
            AtomicReference<Throwable> dropped = new AtomicReference<>();
            client.subscribeToStream(stream, new SubscriptionListener() {
                        @Override
                        public void onCancelled(Subscription subscription, Throwable exception) {
                            dropped.set(exception);
                        }
                    })
                    .get();

            server.stopServing();
            // A live subscription ends with an error: subscribers must resubscribe, as with a real node.
            await().atMost(Duration.ofSeconds(5)).until(() -> dropped.get() != null);
            assertThatThrownBy(() -> client.appendToStream(stream, json("atrium.During", "{}"))
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> assertThat(
                                    ((StatusRuntimeException) e).getStatus().getCode())
                            .isEqualTo(Status.Code.UNAVAILABLE));
            server.serveAgain();

            WriteResult after = await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(
                            () -> client.appendToStream(stream, json("atrium.After", "{}"))
                                    .get(2, TimeUnit.SECONDS),
                            result -> result != null);

            assertThat(after.getLogPosition()).isNotNull();
            assertThat(client.readStream(stream, ReadStreamOptions.get()).get().getEvents())
                    .extracting(e -> e.getOriginalEvent().getEventType())
                    .containsExactly("atrium.Before", "atrium.After");
            client.shutdown().get();
        }
    }
}

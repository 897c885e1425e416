package io.atrium.kurrentdb.protocoldouble;

import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The real client, pointed at a double; tests talk to the double through nothing else. */
final class Clients {
    private Clients() {}

    static KurrentDBClient connect(KurrentDbProtocolDouble server) {
        return connect(server, "");
    }

    static KurrentDBClient connect(KurrentDbProtocolDouble server, String extraSettings) {
        return KurrentDBClient.create(
                KurrentDBConnectionString.parseOrThrow(server.connectionString() + extraSettings));
    }

    static EventData json(String type, String json) {
        return EventDataBuilder.json(UUID.randomUUID(), type, json.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static String stream(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}

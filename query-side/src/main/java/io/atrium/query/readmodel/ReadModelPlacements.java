package io.atrium.query.readmodel;

import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * Which read-model database a read goes to, when some tenants have a database of their own
 * ({@code atrium.tenants.<id>.read-model}): the composing application supplies it; without it every
 * read goes to the shared read model. A placement is named by a string, {@link #SHARED} for the shared
 * database.
 */
public interface ReadModelPlacements {

    /** The shared read model's name. */
    String SHARED = "";

    /**
     * A key of the Reactor context that names a placement outright, for reads that run for one placement
     * outside any request (a poll on behalf of waiting reads). Without it the caller's tenant decides.
     */
    String CONTEXT_KEY = "atrium.read-model.placement";

    /** A connection factory that hands out connections of the subscriber's placement (see {@link #current}). */
    ConnectionFactory routing(ConnectionFactory shared);

    /** The placement of the subscriber's context: {@link #CONTEXT_KEY} if set, else its caller's tenant's. */
    Mono<String> current();

    /** The placements other than {@link #SHARED}: the tenants with a read model of their own. */
    java.util.Set<String> placed();
}

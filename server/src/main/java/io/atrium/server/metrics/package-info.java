/**
 * The server's side of the {@code atrium_*} metrics: the switch that turns them off. The meters
 * themselves live with the code they measure; the registry is Boot's, scraped at
 * {@code /actuator/prometheus}.
 */
@NullMarked
package io.atrium.server.metrics;

import org.jspecify.annotations.NullMarked;

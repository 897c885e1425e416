/** The tenant's API keys as the read API lists them: names, roles and history, never a secret or its hash. */
@NullMarked
package io.atrium.query.apikey;

import org.jspecify.annotations.NullMarked;

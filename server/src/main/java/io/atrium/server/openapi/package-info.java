/**
 * The OpenAPI document's completion: problem answers with their types, headers, examples and the SDK's
 * signed routes, added once for every endpoint rather than repeated on each handler.
 */
@NullMarked
package io.atrium.server.openapi;

import org.jspecify.annotations.NullMarked;

/** Reaching the read-model tables: the connection, read-your-writes waiting, ETags, paging. */
@NullMarked
package io.atrium.query.readmodel;

import org.jspecify.annotations.NullMarked;

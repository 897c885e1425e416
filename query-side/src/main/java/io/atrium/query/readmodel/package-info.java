/** Reaching the read-model tables: the connection, read-your-writes waiting, ETags, paging. */
package io.atrium.query.readmodel;

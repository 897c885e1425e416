package io.atrium.kurrentdb.protocoldouble;

import java.util.UUID;

/**
 * One event as the protocol double keeps it. {@code position} is both its commit and its prepare
 * position in {@code $all}; {@code createdTicks} is the server's clock in .NET ticks (100 ns) since the
 * Unix epoch, the form the client parses from the {@code created} metadata entry.
 */
record StoredEvent(
        String stream,
        long revision,
        UUID id,
        String type,
        boolean json,
        byte[] data,
        byte[] customMetadata,
        long position,
        long createdTicks) {

    static final String JSON = "application/json";
    static final String OCTET_STREAM = "application/octet-stream";

    /** KurrentDB keeps only "is JSON" and answers one of two content types, whatever the client sent. */
    String contentType() {
        return json ? JSON : OCTET_STREAM;
    }

    boolean isSystem() {
        return type.startsWith("$");
    }

    long createdEpochMillis() {
        return createdTicks / 10_000L;
    }
}

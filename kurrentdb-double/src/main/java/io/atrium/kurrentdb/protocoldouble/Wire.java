package io.atrium.kurrentdb.protocoldouble;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import java.time.Instant;
import java.util.UUID;

/** Conversions between stored events and KurrentDB's wire messages. */
final class Wire {
    static final String TYPE = "type";
    static final String CONTENT_TYPE = "content-type";
    static final String CREATED = "created";

    private Wire() {}

    static UUID uuid(Shared.UUID wire) {
        if (wire.hasStructured()) {
            return new UUID(
                    wire.getStructured().getMostSignificantBits(),
                    wire.getStructured().getLeastSignificantBits());
        }
        return UUID.fromString(wire.getString());
    }

    static Shared.UUID uuid(UUID id, boolean asString) {
        if (asString) {
            return Shared.UUID.newBuilder().setString(id.toString()).build();
        }
        return Shared.UUID
                .newBuilder()
                .setStructured(Shared.UUID
                        .Structured
                        .newBuilder()
                        .setMostSignificantBits(id.getMostSignificantBits())
                        .setLeastSignificantBits(id.getLeastSignificantBits()))
                .build();
    }

    static Shared.StreamIdentifier stream(String name) {
        return Shared.StreamIdentifier.newBuilder()
                .setStreamName(ByteString.copyFromUtf8(name))
                .build();
    }

    static ReadResp event(StoredEvent event, boolean uuidAsString) {
        ReadResp.ReadEvent.RecordedEvent recorded = ReadResp.ReadEvent.RecordedEvent.newBuilder()
                .setId(uuid(event.id(), uuidAsString))
                .setStreamIdentifier(stream(event.stream()))
                .setStreamRevision(event.revision())
                .setCommitPosition(event.position())
                .setPreparePosition(event.position())
                .putMetadata(TYPE, event.type())
                .putMetadata(CONTENT_TYPE, event.contentType())
                .putMetadata(CREATED, Long.toString(event.createdTicks()))
                .setData(ByteString.copyFrom(event.data()))
                .setCustomMetadata(ByteString.copyFrom(event.customMetadata()))
                .build();
        return ReadResp.newBuilder()
                .setEvent(ReadResp.ReadEvent.newBuilder().setEvent(recorded).setCommitPosition(event.position()))
                .build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}

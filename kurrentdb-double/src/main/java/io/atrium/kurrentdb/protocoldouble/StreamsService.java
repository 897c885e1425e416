package io.atrium.kurrentdb.protocoldouble;

import io.atrium.kurrentdb.protocoldouble.EventLog.AppendOutcome;
import io.atrium.kurrentdb.protocoldouble.EventLog.Expected;
import io.atrium.kurrentdb.protocoldouble.EventLog.ProposedEvent;
import io.atrium.kurrentdb.protocoldouble.EventLog.StreamRead;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsGrpc;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.DeleteReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.DeleteResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.TombstoneReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.TombstoneResp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** KurrentDB's {@code event_store.client.streams.Streams} service over the double's {@link EventLog}. */
final class StreamsService extends StreamsGrpc.StreamsImplBase {
    private static final Metadata.Key<String> EXCEPTION =
            Metadata.Key.of("exception", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> STREAM_NAME =
            Metadata.Key.of("stream-name", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> EXPECTED_VERSION =
            Metadata.Key.of("expected-version", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ACTUAL_VERSION =
            Metadata.Key.of("actual-version", Metadata.ASCII_STRING_MARSHALLER);

    private final EventLog log;
    private final Executor pumpExecutor;
    private final Clock clock;
    private final AtomicLong subscriptionEventsSent = new AtomicLong();
    private final Set<SubscriptionPump> activeSubscriptions = ConcurrentHashMap.newKeySet();

    StreamsService(EventLog log, Executor pumpExecutor, Clock clock) {
        this.log = log;
        this.pumpExecutor = pumpExecutor;
        this.clock = clock;
    }

    /** Events handed to the transport for subscribers so far; tests read it to see back-pressure work. */
    long subscriptionEventsSent() {
        return subscriptionEventsSent.get();
    }

    // ---------------------------------------------------------------- append

    @Override
    public StreamObserver<AppendReq> append(StreamObserver<AppendResp> responseObserver) {
        return new StreamObserver<>() {
            private AppendReq.@Nullable Options options;
            private final List<ProposedEvent> events = new ArrayList<>();
            private @Nullable Status failure;

            @Override
            public void onNext(AppendReq request) {
                if (failure != null) {
                    return;
                }
                if (request.hasOptions() && options == null) {
                    options = request.getOptions();
                } else if (request.hasProposedMessage() && options != null) {
                    AppendReq.ProposedMessage message = request.getProposedMessage();
                    String type = message.getMetadataMap().get(Wire.TYPE);
                    String contentType = message.getMetadataMap().get(Wire.CONTENT_TYPE);
                    if (type == null || contentType == null) {
                        failure = Status.INVALID_ARGUMENT.withDescription("Required metadata property is missing: "
                                + (type == null ? Wire.TYPE : Wire.CONTENT_TYPE));
                        return;
                    }
                    events.add(new ProposedEvent(
                            Wire.uuid(message.getId()),
                            type,
                            StoredEvent.JSON.equals(contentType),
                            message.getData().toByteArray(),
                            message.getCustomMetadata().toByteArray()));
                } else {
                    failure = Status.INVALID_ARGUMENT.withDescription(
                            "append must send options first, then proposed messages");
                }
            }

            @Override
            public void onError(Throwable t) {
                // The client gave up; nothing was stored because events are stored on completion only.
            }

            @Override
            public void onCompleted() {
                AppendReq.Options opts = options;
                if (failure == null && opts == null) {
                    failure = Status.INVALID_ARGUMENT.withDescription("append sent no options");
                }
                if (failure != null || opts == null) {
                    responseObserver.onError(
                            (failure != null ? failure : Status.INVALID_ARGUMENT).asRuntimeException());
                    return;
                }
                String stream = opts.getStreamIdentifier().getStreamName().toStringUtf8();
                Expected expected = switch (opts.getExpectedStreamRevisionCase()) {
                    case REVISION -> Expected.exactly(opts.getRevision());
                    case NO_STREAM -> Expected.noStream();
                    case STREAM_EXISTS -> Expected.streamExists();
                    default -> Expected.any();
                };
                AppendOutcome outcome = log.append(stream, expected, events);
                responseObserver.onNext(appendResponse(outcome, expected));
                responseObserver.onCompleted();
            }
        };
    }

    private static AppendResp appendResponse(AppendOutcome outcome, Expected expected) {
        if (outcome instanceof AppendOutcome.Written written) {
            AppendResp.Success.Builder success = AppendResp.Success.newBuilder();
            if (written.lastRevision() < 0) {
                success.setNoStream(Shared.Empty.getDefaultInstance());
            } else {
                success.setCurrentRevision(written.lastRevision());
            }
            Long position = written.position();
            if (position == null) {
                success.setNoPosition(Shared.Empty.getDefaultInstance());
            } else {
                success.setPosition(AppendResp.Position.newBuilder()
                        .setCommitPosition(position)
                        .setPreparePosition(position));
            }
            return AppendResp.newBuilder().setSuccess(success).build();
        }
        AppendOutcome.WrongVersion wrong = (AppendOutcome.WrongVersion) outcome;
        AppendResp.WrongExpectedVersion.Builder wev = AppendResp.WrongExpectedVersion.newBuilder();
        // Current servers fill both the 20.6.0 fields and their successors; the Java client reads the latter.
        if (wrong.currentRevision() < 0) {
            wev.setCurrentNoStream(Shared.Empty.getDefaultInstance());
            wev.setNoStream2060(Shared.Empty.getDefaultInstance());
        } else {
            wev.setCurrentRevision(wrong.currentRevision());
            wev.setCurrentRevision2060(wrong.currentRevision());
        }
        switch (expected.kind()) {
            case ANY -> {
                wev.setExpectedAny(Shared.Empty.getDefaultInstance());
                wev.setAny2060(Shared.Empty.getDefaultInstance());
            }
            case STREAM_EXISTS -> {
                wev.setExpectedStreamExists(Shared.Empty.getDefaultInstance());
                wev.setStreamExists2060(Shared.Empty.getDefaultInstance());
            }
            case NO_STREAM -> wev.setExpectedNoStream(Shared.Empty.getDefaultInstance());
            case REVISION -> {
                wev.setExpectedRevision(expected.revision());
                wev.setExpectedRevision2060(expected.revision());
            }
        }
        return AppendResp.newBuilder().setWrongExpectedVersion(wev).build();
    }

    // ---------------------------------------------------------------- read

    @Override
    public void read(ReadReq request, StreamObserver<ReadResp> responseObserver) {
        ServerCallStreamObserver<ReadResp> out = (ServerCallStreamObserver<ReadResp>) responseObserver;
        ReadReq.Options options = request.getOptions();
        boolean uuidAsString = options.getUuidOption().hasString();
        boolean forwards = options.getReadDirection() == ReadReq.Options.ReadDirection.Forwards;
        ServerSideFilter filter = options.hasFilter() ? ServerSideFilter.from(options.getFilter()) : null;

        if (options.hasSubscription()) {
            if (!forwards) {
                out.onError(Status.INVALID_ARGUMENT
                        .withDescription("subscriptions read forwards only")
                        .asRuntimeException());
                return;
            }
            subscribe(options, out, uuidAsString, filter);
            return;
        }
        long count = options.getCount() < 0 ? Long.MAX_VALUE : options.getCount();
        if (options.hasStream()) {
            if (filter != null) {
                out.onError(Status.INVALID_ARGUMENT
                        .withDescription("KurrentDB filters reads of $all only")
                        .asRuntimeException());
                return;
            }
            readStream(
                    options.getStream(),
                    forwards,
                    count,
                    options.getControlOption().getCompatibility(),
                    out,
                    uuidAsString);
        } else if (options.hasAll()) {
            readAll(options.getAll(), forwards, count, filter, out, uuidAsString);
        } else {
            out.onError(Status.INVALID_ARGUMENT
                    .withDescription("read names neither a stream nor $all")
                    .asRuntimeException());
        }
    }

    private void readStream(
            ReadReq.Options.StreamOptions options,
            boolean forwards,
            long count,
            int compatibility,
            ServerCallStreamObserver<ReadResp> out,
            boolean uuidAsString) {
        String stream = options.getStreamIdentifier().getStreamName().toStringUtf8();
        long from = switch (options.getRevisionOptionCase()) {
            case START -> 0;
            case END -> Long.MAX_VALUE;
            case REVISION -> options.getRevision() < 0 ? Long.MAX_VALUE : options.getRevision();
            default -> forwards ? 0 : Long.MAX_VALUE;
        };
        StreamRead read = log.readStream(stream, from, forwards, count);
        List<ReadResp> tail = new ArrayList<>();
        List<StoredEvent> events;
        if (read instanceof StreamRead.Found found) {
            events = found.events();
            // KurrentDB tells clients that ask for compatibility 1 where the stream really starts when
            // a forward read found nothing at the asked revision, and always where it ends.
            if (compatibility >= 1) {
                if (forwards
                        && events.isEmpty()
                        && from < found.firstVisible()
                        && found.firstVisible() <= found.lastRevision()) {
                    tail.add(ReadResp.newBuilder()
                            .setFirstStreamPosition(found.firstVisible())
                            .build());
                }
                tail.add(ReadResp.newBuilder()
                        .setLastStreamPosition(found.lastRevision())
                        .build());
            }
        } else {
            events = List.of();
            tail.add(ReadResp.newBuilder()
                    .setStreamNotFound(ReadResp.StreamNotFound.newBuilder().setStreamIdentifier(Wire.stream(stream)))
                    .build());
        }
        sendAll(out, events, tail, uuidAsString);
    }

    private void readAll(
            ReadReq.Options.AllOptions options,
            boolean forwards,
            long count,
            @Nullable ServerSideFilter filter,
            ServerCallStreamObserver<ReadResp> out,
            boolean uuidAsString) {
        int size = log.allSize();
        List<StoredEvent> events = new ArrayList<>();
        if (forwards) {
            int index = switch (options.getAllOptionCase()) {
                case END -> size;
                case POSITION -> positionOrEnd(options.getPosition().getCommitPosition(), size);
                default -> 0;
            };
            while (events.size() < count) {
                List<StoredEvent> slice = log.allSlice(index, 256);
                if (slice.isEmpty()) {
                    break;
                }
                for (StoredEvent event : slice) {
                    index++;
                    if ((filter == null || filter.matches(event)) && events.size() < count) {
                        events.add(event);
                    }
                }
            }
        } else {
            // Backwards from a position yields the events before it, as on the real server.
            int before = switch (options.getAllOptionCase()) {
                case START -> 0;
                case POSITION -> positionOrEnd(options.getPosition().getCommitPosition(), size);
                default -> size;
            };
            while (events.size() < count && before > 0) {
                List<StoredEvent> slice = log.allSliceBackwards(before, 256);
                if (slice.isEmpty()) {
                    break;
                }
                for (StoredEvent event : slice) {
                    before--;
                    if ((filter == null || filter.matches(event)) && events.size() < count) {
                        events.add(event);
                    }
                }
            }
        }
        sendAll(out, events, List.of(), uuidAsString);
    }

    /** A wire position is an unsigned 64-bit number; anything past the head means "end". */
    private int positionOrEnd(long commitPosition, int size) {
        if (commitPosition < 0) {
            return size;
        }
        return log.indexAtOrAfter(commitPosition);
    }

    /**
     * Sends events, then the trailing messages, then completes, never faster than the transport
     * drains: the events are held as references and turned into wire messages only when sent.
     */
    private static void sendAll(
            ServerCallStreamObserver<ReadResp> out,
            List<StoredEvent> events,
            List<ReadResp> tail,
            boolean uuidAsString) {
        Iterator<StoredEvent> eventIterator = events.iterator();
        Iterator<ReadResp> tailIterator = tail.iterator();
        AtomicBoolean finished = new AtomicBoolean();
        Runnable drain = () -> {
            if (finished.get() || out.isCancelled()) {
                return;
            }
            while (out.isReady()) {
                if (eventIterator.hasNext()) {
                    out.onNext(Wire.event(eventIterator.next(), uuidAsString));
                } else if (tailIterator.hasNext()) {
                    out.onNext(tailIterator.next());
                } else {
                    if (finished.compareAndSet(false, true)) {
                        out.onCompleted();
                    }
                    return;
                }
            }
        };
        out.setOnCancelHandler(() -> finished.set(true));
        out.setOnReadyHandler(drain);
        drain.run();
    }

    private void subscribe(
            ReadReq.Options options,
            ServerCallStreamObserver<ReadResp> out,
            boolean uuidAsString,
            @Nullable ServerSideFilter filter) {
        String subscriptionId = UUID.randomUUID().toString();
        SubscriptionPump pump;
        if (options.hasStream()) {
            if (filter != null) {
                out.onError(Status.INVALID_ARGUMENT
                        .withDescription("KurrentDB filters subscriptions to $all only")
                        .asRuntimeException());
                return;
            }
            ReadReq.Options.StreamOptions stream = options.getStream();
            String name = stream.getStreamIdentifier().getStreamName().toStringUtf8();
            // A subscription starts after the given revision: the client has already seen it.
            long after = switch (stream.getRevisionOptionCase()) {
                case END -> log.lastRevision(name);
                case REVISION -> stream.getRevision() < 0 ? log.lastRevision(name) : stream.getRevision();
                default -> -1;
            };
            pump = SubscriptionPump.toStream(
                    log, out, pumpExecutor, clock, uuidAsString, name, after, subscriptionEventsSent);
        } else if (options.hasAll()) {
            ReadReq.Options.AllOptions all = options.getAll();
            int index = switch (all.getAllOptionCase()) {
                case END -> log.allSize();
                case POSITION -> {
                    long position = all.getPosition().getCommitPosition();
                    // Exclusive of the given position, as on the real server.
                    yield position < 0 || position == Long.MAX_VALUE ? log.allSize() : log.indexAtOrAfter(position + 1);
                }
                default -> 0;
            };
            pump = SubscriptionPump.toAll(
                    log, out, pumpExecutor, clock, uuidAsString, index, filter, subscriptionEventsSent);
        } else {
            out.onError(Status.INVALID_ARGUMENT
                    .withDescription("subscription names neither a stream nor $all")
                    .asRuntimeException());
            return;
        }
        activeSubscriptions.add(pump);
        SubscriptionPump started = pump;
        pump.onStop(() -> activeSubscriptions.remove(started));
        pump.start(subscriptionId);
    }

    int activeSubscriptions() {
        return activeSubscriptions.size();
    }

    /** Drops every live subscription with {@code status}, for {@link KurrentDbProtocolDouble#stopServing()}. */
    void abortSubscriptions(Status status) {
        activeSubscriptions.forEach(pump -> pump.abort(status));
    }

    // ---------------------------------------------------------------- delete

    @Override
    public void delete(DeleteReq request, StreamObserver<DeleteResp> responseObserver) {
        DeleteReq.Options options = request.getOptions();
        String stream = options.getStreamIdentifier().getStreamName().toStringUtf8();
        Expected expected = switch (options.getExpectedStreamRevisionCase()) {
            case REVISION -> Expected.exactly(options.getRevision());
            case NO_STREAM -> Expected.noStream();
            case STREAM_EXISTS -> Expected.streamExists();
            default -> Expected.any();
        };
        AppendOutcome outcome = log.softDelete(stream, expected);
        if (outcome instanceof AppendOutcome.WrongVersion wrong) {
            // Deletes report a conflict as an error with trailers, not as a message like appends.
            Metadata trailers = new Metadata();
            trailers.put(EXCEPTION, "wrong-expected-version");
            trailers.put(STREAM_NAME, stream);
            trailers.put(EXPECTED_VERSION, Long.toString(expected.raw()));
            trailers.put(ACTUAL_VERSION, Long.toString(wrong.currentRevision()));
            responseObserver.onError(Status.FAILED_PRECONDITION
                    .withDescription("Wrong expected version deleting " + stream)
                    .asRuntimeException(trailers));
            return;
        }
        Long position = ((AppendOutcome.Written) outcome).position();
        DeleteResp.Builder response = DeleteResp.newBuilder();
        if (position == null) {
            response.setNoPosition(Shared.Empty.getDefaultInstance());
        } else {
            response.setPosition(
                    DeleteResp.Position.newBuilder().setCommitPosition(position).setPreparePosition(position));
        }
        responseObserver.onNext(response.build());
        responseObserver.onCompleted();
    }

    @Override
    public void tombstone(TombstoneReq request, StreamObserver<TombstoneResp> responseObserver) {
        responseObserver.onError(Status.UNIMPLEMENTED
                .withDescription("The KurrentDB protocol double does not implement Streams.Tombstone (hard delete)")
                .asRuntimeException());
    }

    @Override
    public StreamObserver<BatchAppendReq> batchAppend(StreamObserver<BatchAppendResp> responseObserver) {
        responseObserver.onError(Status.UNIMPLEMENTED
                .withDescription("The KurrentDB protocol double does not implement Streams.BatchAppend; it does not"
                        + " advertise it, so the client appends with Streams.Append")
                .asRuntimeException());
        return new StreamObserver<>() {
            @Override
            public void onNext(BatchAppendReq value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }
}

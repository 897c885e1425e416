package io.atrium.kurrentdb.protocoldouble;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One catch-up subscription. It keeps only a cursor into the log: catching up and going live are the
 * same loop, "send what lies past the cursor while the transport is ready". Appends and the
 * transport's ready signal wake it; a slow subscriber therefore costs a cursor, never a buffer.
 */
final class SubscriptionPump {
    private static final int BATCH = 64;

    private final EventLog log;
    private final ServerCallStreamObserver<ReadResp> out;
    private final Executor executor;
    private final Clock clock;
    private final boolean uuidAsString;
    private final @Nullable String stream;
    private final @Nullable ServerSideFilter filter;
    private final AtomicLong eventsSent;
    private final AtomicInteger wip = new AtomicInteger();
    private final Runnable wakeUp = this::wake;

    // Touched only by the single drainer the wip counter admits.
    private long afterRevision;
    private int nextIndex;
    private long lastScannedPosition = -1;
    private int scannedSinceCheckpoint;
    private boolean caughtUp;
    private volatile boolean stopped;
    private volatile @Nullable Status abort;
    private @Nullable Runnable onStop;

    private SubscriptionPump(
            EventLog log,
            ServerCallStreamObserver<ReadResp> out,
            Executor executor,
            Clock clock,
            boolean uuidAsString,
            @Nullable String stream,
            long afterRevision,
            int nextIndex,
            @Nullable ServerSideFilter filter,
            AtomicLong eventsSent) {
        this.log = log;
        this.eventsSent = eventsSent;
        this.out = out;
        this.executor = executor;
        this.clock = clock;
        this.uuidAsString = uuidAsString;
        this.stream = stream;
        this.afterRevision = afterRevision;
        this.nextIndex = nextIndex;
        this.filter = filter;
    }

    /** A subscription to one stream delivering revisions after {@code afterRevision} (-1: from the start). */
    static SubscriptionPump toStream(
            EventLog log,
            ServerCallStreamObserver<ReadResp> out,
            Executor executor,
            Clock clock,
            boolean uuidAsString,
            String stream,
            long afterRevision,
            AtomicLong eventsSent) {
        return new SubscriptionPump(
                log, out, executor, clock, uuidAsString, stream, afterRevision, 0, null, eventsSent);
    }

    /** A subscription to {@code $all} delivering from index {@code nextIndex} of the log on. */
    static SubscriptionPump toAll(
            EventLog log,
            ServerCallStreamObserver<ReadResp> out,
            Executor executor,
            Clock clock,
            boolean uuidAsString,
            int nextIndex,
            @Nullable ServerSideFilter filter,
            AtomicLong eventsSent) {
        return new SubscriptionPump(log, out, executor, clock, uuidAsString, null, -1, nextIndex, filter, eventsSent);
    }

    /** Must run inside the service method: gRPC accepts the handlers only there. */
    void start(String subscriptionId) {
        out.setOnCancelHandler(this::stop);
        out.setOnReadyHandler(this::wake);
        out.onNext(ReadResp.newBuilder()
                .setConfirmation(ReadResp.SubscriptionConfirmation.newBuilder().setSubscriptionId(subscriptionId))
                .build());
        log.addAppendListener(wakeUp);
        wake();
    }

    /** Runs once when the subscription ends, however it ends. */
    void onStop(Runnable action) {
        this.onStop = action;
    }

    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.removeAppendListener(wakeUp);
        Runnable action = onStop;
        if (action != null) {
            action.run();
        }
    }

    /**
     * Ends the subscription with an error status, from the drainer so it never races an event. Used
     * when the double stops serving: the client must see the subscription drop, as when a node dies.
     */
    void abort(Status status) {
        abort = status;
        wake();
    }

    private void wake() {
        if (stopped || wip.getAndIncrement() != 0) {
            return;
        }
        executor.execute(this::drainLoop);
    }

    private void drainLoop() {
        int missed = 1;
        while (true) {
            try {
                drain();
            } catch (RuntimeException e) {
                // The call went away under us (cancelled or the server shut down): nothing left to feed.
                stop();
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void drain() {
        Status aborted = abort;
        if (aborted != null && !stopped) {
            stop();
            out.onError(aborted.asRuntimeException());
            return;
        }
        while (!stopped && abort == null && out.isReady()) {
            List<StoredEvent> batch =
                    stream != null ? log.streamAfter(stream, afterRevision, BATCH) : log.allSlice(nextIndex, BATCH);
            if (batch.isEmpty()) {
                if (!caughtUp) {
                    caughtUp = true;
                    out.onNext(caughtUpMessage());
                }
                return;
            }
            for (StoredEvent event : batch) {
                if (stopped || abort != null) {
                    break;
                }
                if (stream != null) {
                    afterRevision = event.revision();
                    out.onNext(Wire.event(event, uuidAsString));
                    eventsSent.incrementAndGet();
                } else {
                    nextIndex++;
                    lastScannedPosition = event.position();
                    if (filter == null || filter.matches(event)) {
                        out.onNext(Wire.event(event, uuidAsString));
                        eventsSent.incrementAndGet();
                    }
                    if (filter != null && ++scannedSinceCheckpoint >= filter.checkpointInterval()) {
                        scannedSinceCheckpoint = 0;
                        out.onNext(ReadResp.newBuilder()
                                .setCheckpoint(ReadResp.Checkpoint.newBuilder()
                                        .setCommitPosition(event.position())
                                        .setPreparePosition(event.position())
                                        .setTimestamp(Wire.timestamp(clock.instant())))
                                .build());
                    }
                }
                if (!out.isReady()) {
                    return;
                }
            }
        }
    }

    private ReadResp caughtUpMessage() {
        ReadResp.CaughtUp.Builder caughtUp =
                ReadResp.CaughtUp.newBuilder().setTimestamp(Wire.timestamp(clock.instant()));
        if (stream != null && afterRevision >= 0) {
            caughtUp.setStreamRevision(afterRevision);
        }
        if (stream == null && lastScannedPosition >= 0) {
            caughtUp.setPosition(ReadResp.Position.newBuilder()
                    .setCommitPosition(lastScannedPosition)
                    .setPreparePosition(lastScannedPosition));
        }
        return ReadResp.newBuilder().setCaughtUp(caughtUp).build();
    }
}

package io.atrium.kurrentdb;

import io.atrium.command.eventstore.EventStoreUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.ConnectionShutdownException;
import io.kurrent.dbclient.NoClusterNodeFoundException;
import io.kurrent.dbclient.NotLeaderException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the client's calls with a bound, and turns a store that cannot be reached into
 * {@link EventStoreUnavailableException} (the API's 503, retryable). The client reconnects by itself;
 * the bound keeps a command from waiting on that past its own time limit.
 */
final class KurrentDbCalls {

    private final Duration timeout;

    KurrentDbCalls(Duration timeout) {
        this.timeout = timeout;
    }

    /** Each call's gRPC deadline, in milliseconds. */
    long deadlineMillis() {
        return timeout.toMillis();
    }

    /**
     * The call's result. Errors the caller handles itself (a lost race, a missing stream) are rethrown
     * as the client raised them; anything that means the store is out of reach becomes
     * {@link EventStoreUnavailableException}.
     */
    <T> T await(CompletableFuture<T> call, String what) {
        try {
            // A little beyond the gRPC deadline, so the client's own, more precise error usually wins.
            return call.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new EventStoreUnavailableException("interrupted while " + what, e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new EventStoreUnavailableException(
                    "KurrentDB did not answer within " + timeout + " while " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (unreachable(cause)) {
                throw new EventStoreUnavailableException("KurrentDB cannot be reached while " + what, cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("KurrentDB failed while " + what, cause);
        }
    }

    static boolean unreachable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ConnectionShutdownException
                    || e instanceof NotLeaderException
                    || e instanceof NoClusterNodeFoundException
                    || e instanceof TimeoutException) {
                return true;
            }
            if (e instanceof StatusRuntimeException status) {
                Status.Code code = status.getStatus().getCode();
                if (code == Status.Code.UNAVAILABLE
                        || code == Status.Code.DEADLINE_EXCEEDED
                        || code == Status.Code.CANCELLED
                        || code == Status.Code.ABORTED
                        || code == Status.Code.RESOURCE_EXHAUSTED) {
                    return true;
                }
            }
        }
        return false;
    }
}

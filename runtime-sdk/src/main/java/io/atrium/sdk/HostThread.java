package io.atrium.sdk;

import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.policy.PolicyDenial;
import io.atrium.sdk.view.Rendered;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one thread of a runtime on which the host's own code runs: its {@link RuntimeListener},
 * {@link HostUi} and {@link HostApiHandler}s. Never a mini-program's thread, because a
 * mini-program's thread may be stopped by force when a callback ignores its budget (on Java 17 to
 * 19), and a stop must never land inside host code. Calls keep their order.
 *
 * <p>Each session posts through a {@link Lane} of its own, which bounds the calls it may have
 * waiting: a mini-program that asks the host for more than the host gets through (a log line of a
 * megabyte every few milliseconds to a slow terminal) is stopped rather than growing the queue.
 */
final class HostThread implements AutoCloseable {

    private final ExecutorService executor;
    /** Where the answers of a session's futures complete: never a mini-program's thread, never this one. */
    private final ExecutorService answers;
    /** Lanes with calls waiting, in turn: each token on the executor runs one call of the lane at the head. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Lane> ready =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The executor's thread, once it has made it. */
    private volatile @Nullable Thread thread;

    HostThread() {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "atrium-host");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        this.answers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "atrium-answers");
            t.setDaemon(true);
            return t;
        });
    }

    /** The executor a session's answers (tap, open, back...) complete on, so that host code chained on them runs on neither. */
    java.util.concurrent.Executor answers() {
        return answers;
    }

    private void token() {
        try {
            executor.execute(this::runOne);
        } catch (RejectedExecutionException e) {
            // The runtime is closed: the host no longer listens.
        }
    }

    /** Runs one call of the lane whose turn it is; a lane with more goes to the back of the line. */
    private void runOne() {
        Lane lane = ready.poll();
        if (lane == null) {
            return;
        }
        Runnable call = lane.calls.poll();
        if (!lane.calls.isEmpty()) {
            ready.add(lane);
        } else {
            lane.scheduled.set(false);
            // A call added between the poll and the flag: the lane takes its turn again.
            if (!lane.calls.isEmpty() && lane.scheduled.compareAndSet(false, true)) {
                ready.add(lane);
            }
        }
        if (call != null) {
            call.run();
        }
    }

    /** Whether the caller is the host thread itself (which must never wait for itself). */
    boolean isHostThread() {
        return Thread.currentThread() == thread;
    }

    /** A session's way onto the host thread, with at most {@code maxQueued} calls waiting. */
    Lane lane(int maxQueued, Runnable onOverflow) {
        return new Lane(maxQueued, onOverflow);
    }

    /**
     * One session's calls to the host, bounded, in order. Sessions take turns on the host thread, a
     * call each, so a session that keeps the host busy delays another by one call, not by its queue.
     */
    final class Lane {
        private final int maxQueued;
        private final Runnable onOverflow;
        private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> calls =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicBoolean scheduled =
                new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicInteger queued =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicBoolean overflowed =
                new java.util.concurrent.atomic.AtomicBoolean();
        /** Completes when the last call posted so far has run. */
        private volatile CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        private Lane(int maxQueued, Runnable onOverflow) {
            this.maxQueued = maxQueued;
            this.onOverflow = onOverflow;
        }

        /** Posts a call; past the bound the call is dropped and the session's overflow runs, once. */
        void post(Runnable call) {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                if (overflowed.compareAndSet(false, true)) {
                    onOverflow.run();
                }
                return;
            }
            enqueue(() -> {
                try {
                    // Once the session overflowed, what it still had waiting is stale: skipped, so
                    // the report of the overflow (and other sessions' calls) get through.
                    if (!overflowed.get()) {
                        call.run();
                    }
                } finally {
                    queued.decrementAndGet();
                }
            });
        }

        /** Posts a call whatever the bound (the report of the overflow itself). */
        void postAlways(Runnable call) {
            enqueue(call);
        }

        private synchronized void enqueue(Runnable call) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            tail = done;
            calls.add(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    // The host's own failure: it must not stop the host thread for every session.
                } finally {
                    done.complete(null);
                }
            });
            if (scheduled.compareAndSet(false, true)) {
                ready.add(this);
            }
            token();
        }

        /**
         * Completes once this session's calls posted before it have run (other sessions' calls are
         * not waited for); at once when it has none waiting. Whatever thread asks: a completion chain
         * can reach here on the host thread only because that thread happened to register a callback
         * on a future already complete, and the calls after the one it is running must still be
         * waited for. A host that waits on its own thread is the caller's to detect (see
         * {@link #isHostThread()}), when it starts the wait.
         */
        CompletableFuture<Void> drained() {
            return tail;
        }

        private <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
            CompletableFuture<T> result = new CompletableFuture<>();
            post(() -> {
                try {
                    call.get().whenComplete((value, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }

        RuntimeListener listener(RuntimeListener host) {
            return new RuntimeListener() {
                @Override
                public void onPage(MiniProgramSession session, PageView page, List<Rendered.Patch> patches) {
                    post(() -> host.onPage(session, page, patches));
                }

                @Override
                public void onViolation(SandboxViolation violation) {
                    post(() -> host.onViolation(violation));
                }

                @Override
                public void onPolicyDenied(PolicyDenial denial) {
                    post(() -> host.onPolicyDenied(denial));
                }

                @Override
                public void onScriptError(String miniProgramId, ScriptError error) {
                    post(() -> host.onScriptError(miniProgramId, error));
                }

                @Override
                public void onLog(String miniProgramId, String level, String message) {
                    post(() -> host.onLog(miniProgramId, level, message));
                }
            };
        }

        HostUi ui(HostUi host) {
            return new HostUi() {
                @Override
                public void showToast(String miniProgramId, Toast toast) {
                    post(() -> host.showToast(miniProgramId, toast));
                }

                @Override
                public CompletionStage<Boolean> showModal(String miniProgramId, Modal modal) {
                    return call(() -> host.showModal(miniProgramId, modal));
                }

                @Override
                public void setNavigationBarTitle(String miniProgramId, String title) {
                    post(() -> host.setNavigationBarTitle(miniProgramId, title));
                }

                @Override
                public CompletionStage<String> login(String miniProgramId) {
                    return call(() -> host.login(miniProgramId));
                }

                @Override
                public void hideToast(String miniProgramId) {
                    post(() -> host.hideToast(miniProgramId));
                }

                @Override
                public CompletionStage<Integer> showActionSheet(String miniProgramId, ActionSheet sheet) {
                    return call(() -> host.showActionSheet(miniProgramId, sheet));
                }

                @Override
                public void setNavigationBarColor(String miniProgramId, BarColor color) {
                    post(() -> host.setNavigationBarColor(miniProgramId, color));
                }

                @Override
                public void setNavigationBarLoading(String miniProgramId, boolean loading) {
                    post(() -> host.setNavigationBarLoading(miniProgramId, loading));
                }

                @Override
                public void updateTabBar(String miniProgramId, TabBarChange change) {
                    post(() -> host.updateTabBar(miniProgramId, change));
                }

                @Override
                public CompletionStage<UserInfo> userInfo(String miniProgramId) {
                    return call(() -> host.userInfo(miniProgramId));
                }

                @Override
                public CompletionStage<Boolean> checkSession(String miniProgramId) {
                    return call(() -> host.checkSession(miniProgramId));
                }

                @Override
                public CompletionStage<Void> setClipboardData(String miniProgramId, String text) {
                    return call(() -> host.setClipboardData(miniProgramId, text));
                }

                @Override
                public CompletionStage<String> getClipboardData(String miniProgramId) {
                    return call(() -> host.getClipboardData(miniProgramId));
                }

                @Override
                public CompletionStage<String> networkType(String miniProgramId) {
                    return call(() -> host.networkType(miniProgramId));
                }

                @Override
                public void vibrate(String miniProgramId, String kind) {
                    post(() -> host.vibrate(miniProgramId, kind));
                }
            };
        }

        Map<String, HostApiHandler> hostApis(Map<String, HostApiHandler> handlers) {
            Map<String, HostApiHandler> posted = new HashMap<>();
            handlers.forEach((name, handler) ->
                    posted.put(name, (miniProgramId, params) -> call(() -> handler.handle(miniProgramId, params))));
            return Map.copyOf(posted);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        answers.shutdown();
    }
}

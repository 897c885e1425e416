package io.atrium.projections.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Every projection's runner, started with the application and stopped with it, and the replays
 * in progress (one per projection at a time).
 */
public final class ProjectionRunners implements SmartLifecycle {

    private final Map<String, ProjectionRunner> runners = new LinkedHashMap<>();
    private final Replayer replayer;
    private final Map<String, Thread> replays = new ConcurrentHashMap<>();
    private volatile boolean running;
    private final @Nullable SkippedEventLog skippedEvents;

    public ProjectionRunners(List<ProjectionRunner> runners, Replayer replayer) {
        this(runners, replayer, null);
    }

    /** @param skippedEvents where skips of poison events are recorded; without one, nothing can be skipped */
    public ProjectionRunners(
            List<ProjectionRunner> runners, Replayer replayer, @Nullable SkippedEventLog skippedEvents) {
        runners.forEach(r -> this.runners.put(r.projection().name(), r));
        this.replayer = replayer;
        this.skippedEvents = skippedEvents;
    }

    /** Where skips are recorded, if this process can record them (it composes the event store). */
    public Optional<SkippedEventLog> skippedEvents() {
        return Optional.ofNullable(skippedEvents);
    }

    /** Observes every runner's batches (a span each when tracing is on). */
    public void observeWith(io.micrometer.observation.ObservationRegistry registry) {
        runners.values().forEach(r -> r.observeWith(registry));
    }

    public List<ProjectionStatus> status() {
        return runners.values().stream().map(ProjectionRunner::status).toList();
    }

    /** Every runner, in the order the projections were given. */
    public List<ProjectionRunner> all() {
        return List.copyOf(runners.values());
    }

    public Optional<ProjectionRunner> runner(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    /**
     * Starts a replay on its own thread.
     *
     * @return false when one is already running for this projection
     */
    public boolean startReplay(ProjectionRunner runner, Consumer<ReplayProgress> progress) {
        String name = runner.projection().name();
        Thread thread = new Thread(
                () -> {
                    try {
                        replayer.replay(runner, progress);
                    } finally {
                        replays.remove(name);
                    }
                },
                "replay-" + name);
        if (replays.putIfAbsent(name, thread) != null) {
            return false;
        }
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    @Override
    public void start() {
        runners.values().forEach(ProjectionRunner::start);
        running = true;
    }

    @Override
    public void stop() {
        runners.values().forEach(ProjectionRunner::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // After the web server and the event store are up; stopped before them.
        return Integer.MAX_VALUE - 100;
    }
}

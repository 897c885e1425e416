package io.atrium.search.crawler;

import io.atrium.sdk.RuntimeListener;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.policy.PolicyDenial;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Counts what the sandbox refused the mini-program during a crawl: its violations by
 * {@link SandboxViolation.Kind}, and its policy denials by a kind of three ({@code network}, a request
 * the crawler's policy refuses; {@code scope}, an authorization; {@code api}, a host API it does not
 * grant). The denied API's name and a request's host are left out: they are the mini-program's to
 * choose, and the counts become metric tags. The runtime's listener, drained after each crawl; the
 * runtime posts to its listener from its host thread, so a refusal in a crawl's last moments may be
 * counted with the next crawl.
 */
public final class SandboxTally implements RuntimeListener {

    /** Every violation kind as it is counted. */
    public static final Set<String> VIOLATION_KINDS = Arrays.stream(SandboxViolation.Kind.values())
            .map(k -> k.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());

    /** Every denial kind as it is counted. */
    public static final Set<String> DENIAL_KINDS = Set.of("network", "scope", "api");

    /** What a crawl's sandbox refused: counts by kind (empty maps when it refused nothing). */
    public record Counts(Map<String, Integer> violations, Map<String, Integer> denials) {
        public static final Counts NONE = new Counts(Map.of(), Map.of());

        public Counts {
            violations = Map.copyOf(violations);
            denials = Map.copyOf(denials);
        }
    }

    private final Map<String, AtomicInteger> violations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> denials = new ConcurrentHashMap<>();

    @Override
    public void onViolation(SandboxViolation violation) {
        add(violations, violation.kind().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void onPolicyDenied(PolicyDenial denial) {
        add(denials, denialKind(denial.api()));
    }

    /** The kind of a denial of {@code api}, as the runtime names what it denied. */
    static String denialKind(String api) {
        if (api.startsWith("request:")) {
            return "network";
        }
        if (api.startsWith("authorize:")) {
            return "scope";
        }
        return "api";
    }

    private static void add(Map<String, AtomicInteger> counts, String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    /** What was counted since the last drain, and starts again from nothing. */
    public Counts drain() {
        return new Counts(drain(violations), drain(denials));
    }

    private static Map<String, Integer> drain(Map<String, AtomicInteger> counts) {
        Map<String, Integer> out = new TreeMap<>();
        for (String kind : Set.copyOf(counts.keySet())) {
            AtomicInteger count = counts.remove(kind);
            if (count != null) {
                out.put(kind, count.get());
            }
        }
        return out;
    }
}

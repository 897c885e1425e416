package io.atrium.projections.feed;

import java.util.Set;

/**
 * Asks the event store which positions of a hole hold a committed event, waiting for any transaction
 * still writing one of them to end. Without it, a hole that outlasts the hold-back is passed as a gap
 * and its event, if it commits after all, is delivered after later ones. With it, a reader that must
 * keep the store's order (the cluster's relay: every node's operation log hashes that order) learns
 * whether the hole is a rolled-back append, to pass at once, or a commit on its way, to wait for.
 */
public interface CommitProbe {

    /** The positions from {@code from} to {@code to} (inclusive) that hold a committed event. */
    Set<Long> committed(long from, long to);
}

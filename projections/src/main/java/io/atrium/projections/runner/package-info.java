/**
 * Runs projections: reads the feed from each projection's checkpoint, applies events in batches,
 * and commits each batch's writes together with its new checkpoint; reports position and lag;
 * rebuilds a projection from the first event beside the live one and swaps them.
 */
@NullMarked
package io.atrium.projections.runner;

import org.jspecify.annotations.NullMarked;

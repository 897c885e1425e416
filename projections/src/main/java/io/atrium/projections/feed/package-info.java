/** The EventFeed port (the event log as an ordered stream with resumable positions) and its in-process adapter. */
@NullMarked
package io.atrium.projections.feed;

import org.jspecify.annotations.NullMarked;

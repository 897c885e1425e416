/** The EventFeed port (the event log as an ordered stream with resumable positions) and its in-process adapter. */
package io.atrium.projections.feed;

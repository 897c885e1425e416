package io.atrium.events.miniprogram;

/** Where a version stands in its lifecycle. */
public enum VersionState {
    /** Uploaded and validated; the developer may still submit it. */
    UPLOADED,
    /** Waiting for a reviewer. */
    IN_REVIEW,
    /** Approved and sealed; it may be released. */
    APPROVED,
    /** Refused by a reviewer; a new upload starts again. */
    REJECTED,
    /** The full release users get, or a gray release's target. */
    RELEASED,
    /** Was the full release and has been replaced by a rollback. */
    ROLLED_BACK
}

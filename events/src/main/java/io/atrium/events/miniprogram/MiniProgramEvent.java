package io.atrium.events.miniprogram;

import io.atrium.events.AtriumEvent;

/** The facts of a mini-program's life. One record per kind of fact. */
public sealed interface MiniProgramEvent extends AtriumEvent
        permits MiniProgramCreated,
                MiniProgramDetailsUpdated,
                MiniProgramIconChanged,
                MiniProgramIconRemoved,
                VersionUploaded,
                VersionSubmittedForReview,
                VersionApproved,
                VersionRejected,
                VersionReleased,
                GrayReleaseStarted,
                GrayRulesChanged,
                GrayReleasePromoted,
                GrayReleaseCancelled,
                ReleaseRolledBack,
                MiniProgramDelisted,
                MiniProgramRelisted {

    MiniProgramId miniProgramId();

    @Override
    default String aggregateId() {
        return miniProgramId().value();
    }
}

package io.atrium.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Whether the operation log's hash chain holds, as the caller's tenant sees it: {@code entries}
 * counts its entries, and when the chain holds {@code lastSeq}/{@code lastHash} are its last entry's;
 * when it does not, the first entry at which it breaks and why (without seq and position when that
 * entry is another tenant's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(example = "{\"valid\": true, \"entries\": 1200, \"lastSeq\": 1200, \"lastHash\": \"9f2c...\"}")
public record ChainCheck(
        boolean valid,
        long entries,
        @Nullable Long brokenAtSeq,
        @Nullable Long brokenAtPosition,
        @Nullable String reason,
        @Nullable Long lastSeq,
        @Nullable String lastHash) {

    static ChainCheck holds(long entries, @Nullable Long lastSeq, @Nullable String lastHash) {
        return new ChainCheck(true, entries, null, null, null, lastSeq, lastHash);
    }

    static ChainCheck broken(long entries, long atSeq, long atPosition, String reason) {
        return new ChainCheck(false, entries, atSeq, atPosition, reason, null, null);
    }

    /** Broken at an entry that is not the caller's tenant's (or is missing): which one is not the caller's to know. */
    static ChainCheck brokenElsewhere(long entries) {
        return new ChainCheck(
                false,
                entries,
                null,
                null,
                "the chain breaks before your next entry, at an entry that is not your tenant's; entries after it cannot be verified",
                null,
                null);
    }
}

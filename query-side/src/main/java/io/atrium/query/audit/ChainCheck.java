package io.atrium.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Whether the operation log's hash chain holds: when it does, its last entry; when it does not, the
 * first entry at which it breaks and why.
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

    static ChainCheck holds(long entries, long lastSeq, String lastHash) {
        return new ChainCheck(true, entries, null, null, null, lastSeq, lastHash);
    }

    static ChainCheck broken(long entries, long atSeq, long atPosition, String reason) {
        return new ChainCheck(false, entries, atSeq, atPosition, reason, null, null);
    }
}

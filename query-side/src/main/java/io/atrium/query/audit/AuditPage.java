package io.atrium.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of the operation log.
 *
 * @param next the {@code seq} to pass as {@code ?after=} for the next page; null on the last page
 */
public record AuditPage(
        List<AuditEntryDto> items,
        @Schema(example = "100", nullable = true) @Nullable Long next) {}

package io.atrium.query.catalogue;

import io.atrium.events.access.Caller;
import io.atrium.query.readmodel.Paging;
import io.atrium.query.readmodel.ReadYourWrites;
import io.atrium.query.readmodel.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The reviewers' queue: every version of the tenant waiting for review, in one read. Without it a
 * reviewer's screen would have to read every mini-program to find the few versions in review.
 */
@RestController
@Tag(name = "Mini-programs (read)")
public class ReviewQueueController {

    private final CatalogueQueries queries;
    private final ReadYourWrites readYourWrites;
    private final Responses responses;
    private final Paging paging;

    public ReviewQueueController(
            CatalogueQueries queries, ReadYourWrites readYourWrites, Responses responses, Paging paging) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.responses = responses;
        this.paging = paging;
    }

    /**
     * A version waiting for review.
     *
     * @param fileCount      the files of its package
     * @param currentVersion the mini-program's full release, the version a reviewer compares it with; null: none yet
     */
    public record Waiting(
            String miniProgramId,
            String name,
            MiniProgramDto.@Nullable Icon icon,
            String version,
            @Nullable String notes,
            int fileCount,
            String uploadedBy,
            Instant uploadedAt,
            @Nullable String currentVersion) {}

    @GetMapping("/api/v1/reviews")
    @Operation(
            summary = "Versions waiting for review",
            description =
                    "Every version of the caller's tenant in review, the longest waiting first; page (from 0), size")
    public Mono<ResponseEntity<byte[]>> queue(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        paging.check(page, size);
        return readYourWrites
                .await(CatalogueController.PROJECTION, minPosition)
                .then(queries.inReview(caller.tenant(), page, size))
                .map(p -> responses.ok(p, exchange));
    }
}

package io.atrium.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.query.readmodel.Json;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchQuery;
import io.atrium.search.index.SearchResults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/search}: released, listed mini-programs associated with the given host app,
 * found by what their pages show. {@code /suggest} completes names; {@code /crawls} shows each
 * release's crawl, and {@code /crawls/{id}/progress} streams it.
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search")
public class SearchController {

    private static final Pattern CRAWL_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}@[A-Za-z0-9.+-]{1,40}@[0-9]{1,19}");

    static final int MAX_QUERY = 100;
    static final int MAX_SIZE = 50;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,31}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final SearchIndex index;
    private final DatabaseClient db;

    /** The index's own time per query (not the withheld lookup before it), by backend. */
    private final Timer queryTime;

    /**
     * @param backend  which adapter answers ({@code lucene} or {@code elasticsearch}), the timer's tag
     * @param registry where query times go; none (a test context without one) times nothing
     */
    public SearchController(
            SearchIndex index,
            @Qualifier("queryDatabase") DatabaseClient db,
            @Value("${atrium.search.index:lucene}") String backend,
            ObjectProvider<MeterRegistry> registry) {
        this.index = index;
        this.db = db;
        this.queryTime = Timer.builder("atrium.search.query.duration")
                .description("Time the search index takes to answer a full-text query")
                .tag("backend", backend)
                .publishPercentileHistogram()
                .register(registry.getIfUnique(CompositeMeterRegistry::new));
    }

    @GetMapping
    @Operation(
            summary = "Full-text search over released pages",
            description =
                    "q (1-100 characters), hostApp (required: only mini-programs associated with it; hostAppId is accepted too), category, tags (comma-separated, "
                            + "all must match), page (from 0), size (1-50). Hits are pages, best first, with <em> highlights.")
    public Mono<Found> search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String hostApp,
            @RequestParam(required = false) String hostAppId,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String tags,
            @RequestParam(defaultValue = "0") String page,
            @RequestParam(defaultValue = "10") String size,
            Caller caller) {
        String text = required("q", q, MAX_QUERY);
        String host = hostApp(hostApp, hostAppId);
        if (category != null && !CATEGORY.matcher(category).matches()) {
            throw new InvalidValueException("category", "category is lower-case letters, digits and '-'");
        }
        List<String> tagList = new ArrayList<>();
        if (tags != null && !tags.isBlank()) {
            for (String tag : tags.split(",")) {
                String t = tag.strip();
                if (!TAG.matcher(t).matches()) {
                    throw new InvalidValueException("tags", "'" + t + "' is not a tag");
                }
                tagList.add(t);
            }
            if (tagList.size() > 10) {
                throw new InvalidValueException("tags", "at most 10 tags");
            }
        }
        int p = number("page", page, 0, SearchQuery.MAX_WINDOW / MAX_SIZE);
        int s = number("size", size, 1, MAX_SIZE);
        String tenant = caller.tenant().value();
        return withheld(tenant, host)
                .flatMap(withheld -> Mono.fromCallable(
                                () -> timed(new SearchQuery(tenant, host, text, category, tagList, p, s, withheld)))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(results -> new Found(
                        results.total(),
                        p,
                        s,
                        results.hits().stream().map(Hit::of).toList()));
    }

    /** Runs the query in the index (blocking: on a bounded-elastic thread), timed. */
    private SearchResults timed(SearchQuery query) {
        long started = System.nanoTime();
        try {
            return index.search(query);
        } finally {
            queryTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** A page of hits, best first. */
    public record Found(
            @Schema(example = "37") long total,
            @Schema(example = "0") int page,
            @Schema(example = "10") int size,
            List<Hit> hits) {}

    /**
     * A page that matched.
     *
     * @param page       the page's path inside the mini-program
     * @param highlights fragments with the matched words in {@code <em>}
     */
    public record Hit(
            @Schema(example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String miniProgramId,

            @Schema(example = "Weather") String name,
            @Schema(example = "1.2.0") String version,
            @Schema(example = "pages/index") String page,
            @Schema(example = "Forecast") String title,
            @Schema(example = "tools") @Nullable String category,
            List<String> tags,
            @Schema(example = "3.2") double score,
            List<String> highlights) {

        static Hit of(SearchResults.Hit h) {
            return new Hit(
                    h.miniProgramId(),
                    h.name(),
                    h.version(),
                    h.pageUrl(),
                    h.title(),
                    h.category(),
                    h.tags(),
                    h.score(),
                    h.highlights());
        }
    }

    /** Mini-program names that start with what was typed. */
    public record Suggestions(
            @Schema(example = "[\"Weather\", \"Weather radar\"]")
            List<String> suggestions) {}

    /** The crawls of a mini-program's releases, newest first. */
    public record Crawls(List<Crawl> crawls) {}

    /**
     * One crawl of a released version.
     *
     * @param failures the pages that failed and why
     */
    public record Crawl(
            @Schema(example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d@1.2.0@42")
            String id,

            @Schema(example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String miniProgramId,

            @Schema(example = "1.2.0") String version,
            @Schema(example = "running") String state,
            @Schema(example = "3") int pagesDone,
            @Schema(example = "10") int pagesKnown,
            JsonNode failures,
            Instant startedAt,
            @Schema(nullable = true) @Nullable Instant finishedAt) {}

    @GetMapping("/suggest")
    @Operation(
            summary = "Mini-program names by prefix",
            description = "q (1-50 characters; prefix is accepted too), hostApp (required; or hostAppId), size (1-20)")
    public Mono<Suggestions> suggest(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String prefix,
            @RequestParam(required = false) String hostApp,
            @RequestParam(required = false) String hostAppId,
            @RequestParam(defaultValue = "10") String size,
            Caller caller) {
        String start = required("q", q != null ? q : prefix, 50);
        String host = hostApp(hostApp, hostAppId);
        int s = number("size", size, 1, 20);
        String tenant = caller.tenant().value();
        return withheld(tenant, host)
                .flatMap(withheld -> Mono.fromCallable(() -> index.suggest(tenant, host, start, s, withheld))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(Suggestions::new);
    }

    /**
     * Mini-programs the read model no longer shows to this host (delisted, no full release, or not
     * associated) while the index still has to catch up: they are left out of every answer, so a
     * delisting takes effect as soon as its event is projected. Only pending rows are read, a handful
     * at most, through an index.
     */
    private Mono<Set<String>> withheld(String tenant, String host) {
        return db.sql(
                        "SELECT mini_program_id, listed, current_version, host_apps FROM search_program WHERE tenant_id = :tenant AND pending = TRUE")
                .bind("tenant", tenant)
                .map((row, meta) -> {
                    boolean shown = Boolean.TRUE.equals(row.get("listed", Boolean.class))
                            && row.get("current_version", String.class) != null
                            && hosts(row.get("host_apps", String.class)).contains(host);
                    return shown ? "" : row.get("mini_program_id", String.class);
                })
                .all()
                .filter(id -> !id.isEmpty())
                .collect(Collectors.toSet());
    }

    private static Set<String> hosts(String json) {
        Set<String> out = new HashSet<>();
        Json.tree(json).forEach(node -> out.add(node.asText()));
        return out;
    }

    @GetMapping("/crawls")
    @Operation(
            summary = "The crawls of a mini-program's releases, newest first",
            description = "miniProgramId (required)")
    public Mono<Crawls> crawls(@RequestParam(required = false) String miniProgramId, Caller caller) {
        if (miniProgramId == null || !ID.matcher(miniProgramId).matches()) {
            throw new InvalidValueException("miniProgramId", "miniProgramId is required");
        }
        return db.sql(
                        "SELECT * FROM search_crawl WHERE tenant_id = :tenant AND mini_program_id = :mp ORDER BY started_at DESC LIMIT 20")
                .bind("tenant", caller.tenant().value())
                .bind("mp", miniProgramId)
                .map((row, meta) -> crawl(row))
                .all()
                .collectList()
                .map(Crawls::new);
    }

    @GetMapping(value = "/crawls/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "A crawl's progress as server-sent events",
            description = "An event whenever pages done or failures change; ends when the crawl does")
    public Flux<ServerSentEvent<Crawl>> progress(@PathVariable String id, Caller caller) {
        if (!CRAWL_ID.matcher(id).matches()) {
            throw new InvalidValueException("id", "not a crawl id (<mini-program id>@<version>@<position>)");
        }
        Mono<Crawl> read = db.sql("SELECT * FROM search_crawl WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", caller.tenant().value())
                .bind("id", id)
                .map((row, meta) -> crawl(row))
                .one();
        return read.switchIfEmpty(Mono.error(
                        new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "no crawl " + id)))
                .flatMapMany(first -> Flux.concat(
                                Flux.just(first),
                                Flux.interval(Duration.ofMillis(250)).concatMap(tick -> read))
                        .distinctUntilChanged(c -> List.of(c.state(), c.pagesDone(), c.pagesKnown(), c.failures()))
                        .takeUntil(c -> !"running".equals(c.state()))
                        .timeout(Duration.ofMinutes(10)))
                .map(c -> ServerSentEvent.builder(c).event("progress").build());
    }

    private static Crawl crawl(io.r2dbc.spi.Readable row) {
        LocalDateTime finished = row.get("finished_at", LocalDateTime.class);
        return new Crawl(
                row.get("id", String.class),
                row.get("mini_program_id", String.class),
                row.get("version", String.class),
                row.get("state", String.class),
                Objects.requireNonNullElse(row.get("pages_done", Integer.class), 0),
                Objects.requireNonNullElse(row.get("pages_known", Integer.class), 0),
                Json.tree(row.get("failures", String.class)),
                row.get("started_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                finished == null ? null : finished.toInstant(ZoneOffset.UTC));
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, field + " is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidValueException(field, field + " is at most " + max + " characters");
        }
        return v;
    }

    /** DESIGN §9 names the parameter hostApp; hostAppId, the name the rest of the API uses for the id, is accepted as well. */
    private static String hostApp(String hostApp, String hostAppId) {
        String id = hostApp != null ? hostApp : hostAppId;
        if (id == null || id.isBlank()) {
            throw new InvalidValueException("hostApp", "hostApp is required: results are scoped to one host app");
        }
        if (!ID.matcher(id).matches()) {
            throw new InvalidValueException("hostApp", "not a host app id");
        }
        if (hostApp != null && hostAppId != null && !hostApp.equals(hostAppId)) {
            throw new InvalidValueException("hostAppId", "hostApp and hostAppId name different host apps");
        }
        return id;
    }

    private static int number(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new InvalidValueException(field, field + " must be " + min + "-" + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidValueException(field, field + " must be a number");
        }
    }
}

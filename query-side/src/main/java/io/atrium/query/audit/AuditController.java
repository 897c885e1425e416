package io.atrium.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.query.access.ActiveKeys;
import io.atrium.query.readmodel.ReadYourWrites;
import io.atrium.query.readmodel.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The operation log over HTTP. Owner, admin and auditor keys only. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Operation log")
public class AuditController {

    static final String PROJECTION = "audit-log";
    /**
     * How often an open live feed re-checks that the key it was opened with is still valid (it also
     * checks before each page of events): a revoked key's feed ends within this, plus the api-keys
     * projection's lag (normally milliseconds). A check is one primary-key lookup per open feed.
     */
    public static final Duration LIVE_FEED_KEY_CHECK = Duration.ofSeconds(2);

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final List<String> CSV_COLUMNS = List.of(
            "seq",
            "position",
            "occurredAt",
            "tenant",
            "actor",
            "clientAddress",
            "eventType",
            "aggregateType",
            "aggregateId",
            "sequenceNumber",
            "commandName",
            "correlationId",
            "causationId",
            "eventId",
            "payload",
            "prevHash",
            "hash");

    private final AuditLog log;
    private final ReadYourWrites readYourWrites;
    private final Responses responses;
    private final ActiveKeys keys;
    private final ObjectMapper json;
    private final @Nullable LiveSignal signal;

    public AuditController(
            AuditLog log,
            ReadYourWrites readYourWrites,
            Responses responses,
            ActiveKeys keys,
            ObjectProvider<LiveSignal> signal) {
        this.log = log;
        this.keys = keys;
        this.readYourWrites = readYourWrites;
        this.responses = responses;
        this.json = io.atrium.query.readmodel.Json.MAPPER;
        this.signal = signal.getIfAvailable();
    }

    /**
     * When a feed reads the next page: on one node every 200 ms; in cluster mode as soon as the topic
     * carries an event of the tenant and the operation log has applied it, with a slow poll behind it
     * in case a signal was missed (the node's consumer reconnecting after a broker outage).
     */
    private Flux<Long> pageTicks(String tenant) {
        LiveSignal live = signal;
        if (live == null) {
            return Flux.interval(Duration.ZERO, Duration.ofMillis(200)).onBackpressureDrop();
        }
        Flux<Long> woken = live.newEvents(tenant)
                .onBackpressureLatest()
                .concatMap(
                        position -> readYourWrites
                                .await(PROJECTION, position)
                                .onErrorResume(ReadYourWrites.NotYetReadableException.class, late -> Mono.empty())
                                .thenReturn(position),
                        1);
        return Flux.merge(Flux.interval(Duration.ZERO, Duration.ofSeconds(1)), woken)
                .onBackpressureDrop();
    }

    @GetMapping("/audit/events")
    @Operation(
            summary = "The operation log",
            description = "Filters: actor, aggregateId, type, from, to (ISO instants; from inclusive, to "
                    + "exclusive). Cursor paging: pass the answer's 'next' as ?after=. limit 1-1000 (100).")
    public Mono<ResponseEntity<byte[]>> events(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String aggregateId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidValueException("limit", "limit must be 1-1000");
        }
        if (after < 0) {
            throw new InvalidValueException("after", "after is a seq from an earlier answer, 0 or more");
        }
        AuditFilter filter = AuditFilter.parse(caller.tenant(), actor, aggregateId, type, from, to);
        return readYourWrites
                .await(PROJECTION, minPosition)
                .then(log.page(filter, after, limit))
                .map(items -> responses.ok(
                        new AuditPage(
                                items,
                                items.size() == limit
                                        ? items.get(items.size() - 1).seq()
                                        : null),
                        exchange));
    }

    @GetMapping("/audit/export")
    @Operation(
            summary = "The operation log, streamed",
            description = "format=ndjson (one entry per line) or csv; the same filters as "
                    + "/audit/events. Streams page by page in constant memory, however long the log.")
    public ResponseEntity<Flux<DataBuffer>> export(
            @RequestParam(defaultValue = "ndjson") String format,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String aggregateId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Caller caller,
            ServerWebExchange exchange) {
        if (!format.equals("ndjson") && !format.equals("csv")) {
            throw new InvalidValueException("format", "format must be ndjson or csv");
        }
        AuditFilter filter = AuditFilter.parse(caller.tenant(), actor, aggregateId, type, from, to);
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        boolean csv = format.equals("csv");
        Flux<DataBuffer> lines = log.stream(filter, 0)
                .map(entry ->
                        buffers.wrap((csv ? csvLine(entry) : ndjsonLine(entry)).getBytes(StandardCharsets.UTF_8)));
        if (csv) {
            lines = Flux.concat(
                    Mono.fromSupplier(() ->
                            buffers.wrap((String.join(",", CSV_COLUMNS) + "\r\n").getBytes(StandardCharsets.UTF_8))),
                    lines);
        }
        return ResponseEntity.ok()
                .contentType(csv ? CSV : NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"atrium-audit." + format + "\"")
                .body(lines);
    }

    @GetMapping("/audit/verify")
    @Operation(
            summary = "Whether the operation log's hash chain holds",
            description = "Walks the whole chain (it runs through every tenant's entries); counts and names only "
                    + "the caller's tenant's entries. If it breaks, answers the first entry at which it does and why.")
    public Mono<ResponseEntity<byte[]>> verify(Caller caller, ServerWebExchange exchange) {
        return log.verify(caller.tenant()).map(result -> responses.ok(result, exchange));
    }

    @GetMapping(path = "/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "The live event feed",
            description = "Server-sent events of the caller's tenant after ?after=<position>, each "
                    + "with its position as the SSE id; resume with ?after= or Last-Event-ID. It opens with the "
                    + "comment ':open' at once and carries ':keep-alive' every 15 s. The feed ends within 2 s of its key's revocation, or of the end of the member's login (logout, new "
                    + "password, expiry, the member disabled).")
    public Flux<ServerSentEvent<AuditEntryDto>> stream(
            @RequestParam(required = false) Long after, Caller caller, ServerWebExchange exchange) {
        Long resume = after;
        String lastEventId = exchange.getRequest().getHeaders().getFirst("Last-Event-ID");
        if (resume == null && lastEventId != null) {
            try {
                resume = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new InvalidValueException("Last-Event-ID", "Last-Event-ID must be a position");
            }
        }
        AuditFilter filter = AuditFilter.parse(caller.tenant(), null, null, null, null, null);
        // The key was checked once, when the request came in, and the feed may stay open for days:
        // it is checked again every LIVE_FEED_KEY_CHECK and before each page of events, and the feed
        // ends (completes) once the key is revoked.
        Sinks.One<Boolean> keyRevoked = Sinks.one();
        String authorization = exchange.getRequest().getHeaders().getFirst("Authorization");
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : null;
        Mono<Boolean> keyValid = keys.isActive(caller, bearer).doOnNext(valid -> {
            if (!valid) {
                keyRevoked.tryEmitValue(true);
            }
        });
        long from = resume == null ? -1 : resume;
        Mono<Long> start = from < 0
                ? log.seqAfterPosition(caller.tenant(), Long.MAX_VALUE)
                : log.seqAfterPosition(caller.tenant(), from);
        Flux<ServerSentEvent<AuditEntryDto>> entries = start.flatMapMany(seq -> {
            AtomicLong cursor = new AtomicLong(seq);
            return pageTicks(caller.tenant().value())
                    .concatMap(tick -> log.page(filter, cursor.get(), AuditLog.PAGE))
                    .concatMap(page -> page.isEmpty()
                            ? Mono.just(page)
                            : keyValid.map(valid -> valid ? page : List.<AuditEntryDto>of()))
                    .concatMapIterable(page -> {
                        if (!page.isEmpty()) {
                            cursor.set(page.get(page.size() - 1).seq());
                        }
                        return page;
                    })
                    // The log may not have reached 'after' when the stream began: never repeat what the client has.
                    .filter(e -> e.position() > from)
                    .map(e -> ServerSentEvent.builder(e)
                            .id(Long.toString(e.position()))
                            .event(e.eventType())
                            .build());
        });
        Flux<ServerSentEvent<AuditEntryDto>> heartbeats = Flux.interval(Duration.ofSeconds(15))
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.<AuditEntryDto>builder()
                        .comment("keep-alive")
                        .build());
        Flux<ServerSentEvent<AuditEntryDto>> keyChecks = Flux.interval(LIVE_FEED_KEY_CHECK)
                .onBackpressureDrop()
                .concatMap(tick -> keyValid)
                .thenMany(Flux.empty());
        // An SSE answer's status and headers go out with its first element: without one at once, a client
        // of a quiet tenant waited for the first heartbeat (15 s) to learn the feed was open at all.
        ServerSentEvent<AuditEntryDto> opened =
                ServerSentEvent.<AuditEntryDto>builder().comment("open").build();
        return Flux.merge(entries, heartbeats, keyChecks).startWith(opened).takeUntilOther(keyRevoked.asMono());
    }

    private String ndjsonLine(AuditEntryDto entry) {
        try {
            return json.writeValueAsString(entry) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String csvLine(AuditEntryDto e) {
        return String.join(
                        ",",
                        List.of(
                                Long.toString(e.seq()),
                                Long.toString(e.position()),
                                e.occurredAt().toString(),
                                csv(e.tenant()),
                                csv(e.actor()),
                                csv(e.clientAddress()),
                                csv(e.eventType()),
                                csv(e.aggregateType()),
                                csv(e.aggregateId()),
                                Long.toString(e.sequenceNumber()),
                                csv(e.commandName()),
                                csv(e.correlationId()),
                                csv(e.causationId()),
                                csv(e.eventId()),
                                csv(e.payload().toString()),
                                e.prevHash(),
                                e.hash()))
                + "\r\n";
    }

    /** RFC 4180 quoting; a leading formula character is neutralized so a spreadsheet does not execute it. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}

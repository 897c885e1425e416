package io.atrium.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atrium.search.index.Documents;
import io.atrium.search.index.PageDocument;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchQuery;
import io.atrium.search.index.SearchResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * {@link SearchIndex} on Elasticsearch 8. One index of one shard, refreshed only by this adapter:
 * each change is one bulk request followed by one refresh, made under a lock, so searchers see a
 * mini-program's old pages or its new ones. (One writer process: the crawler runs where the
 * projections run.)
 *
 * <p>The text analyzer is a setting: {@code cjk} on a full distribution; {@code standard} where the
 * server lacks the analysis-common module, as the test server does.
 */
public final class ElasticsearchSearchIndex implements SearchIndex {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String PROGRAM_KEY = "programKey";
    private static final String NAME_FOLDED = "nameFolded";
    private static final int MAX_PAGES = 10_000;

    private final RestClient rest;
    private final ElasticsearchClient client;
    private final String index;
    /** The standard analyzer cuts Chinese into single characters. */
    private final boolean unigramCjk;

    private static final java.util.regex.Pattern HAN = java.util.regex.Pattern.compile("\\p{IsHan}");

    /**
     * Connects, waits for the cluster, and creates the index when it does not exist.
     *
     * @param url      e.g. {@code http://127.0.0.1:9200}
     * @param index    the index name
     * @param analyzer the analyzer of the full-text fields ({@code cjk} or {@code standard})
     */
    public ElasticsearchSearchIndex(String url, String index, String analyzer) {
        this.index = index;
        this.unigramCjk = "standard".equals(analyzer);
        this.rest = RestClient.builder(HttpHost.create(url)).build();
        this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(JSON)));
        try {
            client.cluster().health(h -> h.waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s")));
            if (!client.indices().exists(e -> e.index(index)).value()) {
                createIndex(analyzer);
            } else {
                // An index made by an earlier build lacks tags.text: adding a sub-field is allowed in
                // place; pages get it as they are next written.
                client.indices()
                        .putMapping(m -> m.index(index)
                                .properties(
                                        "tags",
                                        p -> p.keyword(k -> k.fields("text", f -> f.text(t -> t.analyzer(analyzer))))));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot reach Elasticsearch at " + url, e);
        }
    }

    @Override
    public synchronized void replaceAll(List<Replacement> replacements) {
        // The last replacement of a mini-program wins, as if they were applied in order.
        Map<String, Replacement> last = new LinkedHashMap<>();
        for (Replacement r : replacements) {
            last.remove(Documents.programKey(r.tenant(), r.miniProgramId()));
            last.put(Documents.programKey(r.tenant(), r.miniProgramId()), r);
        }
        try {
            BulkRequest.Builder bulk = new BulkRequest.Builder().index(index);
            boolean any = false;
            Set<String> keep = new HashSet<>();
            for (Replacement r : last.values()) {
                for (PageDocument page : r.pages()) {
                    keep.add(page.id());
                    ObjectNode source = JSON.valueToTree(page);
                    source.put(PROGRAM_KEY, Documents.programKey(page.tenant(), page.miniProgramId()));
                    source.put(NAME_FOLDED, Documents.fold(page.name()));
                    bulk.operations(o -> o.index(i -> i.id(page.id()).document(source)));
                    any = true;
                }
            }
            for (String id : existingIds(last)) {
                if (!keep.contains(id)) {
                    bulk.operations(o -> o.delete(d -> d.id(id)));
                    any = true;
                }
            }
            if (any) {
                BulkResponse response = client.bulk(bulk.build());
                if (response.errors()) {
                    String reason = response.items().stream()
                            .filter(i -> i.error() != null)
                            .map(i -> i.error().reason())
                            .findFirst()
                            .orElse("?");
                    throw new IllegalStateException("Elasticsearch refused part of a change: " + reason);
                }
            }
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to Elasticsearch", e);
        }
    }

    /** The ids the index holds now for these mini-programs: one search for the batch, or one each if they hold too many. */
    private Set<String> existingIds(Map<String, Replacement> programs) throws IOException {
        Set<String> out = new HashSet<>();
        if (programs.isEmpty()) {
            return out;
        }
        List<FieldValue> keys = programs.keySet().stream().map(FieldValue::of).toList();
        SearchResponse<Void> found = client.search(
                s -> s.index(index)
                        .size(MAX_PAGES)
                        .trackTotalHits(t -> t.enabled(true))
                        .source(src -> src.fetch(false))
                        .query(q -> q.terms(t -> t.field(PROGRAM_KEY).terms(v -> v.value(keys)))),
                Void.class);
        if (found.hits().total() != null && found.hits().total().value() <= MAX_PAGES) {
            found.hits().hits().forEach(h -> out.add(h.id()));
            return out;
        }
        for (Replacement r : programs.values()) {
            out.addAll(ids(r.tenant(), r.miniProgramId()));
        }
        return out;
    }

    private List<String> ids(String tenant, String miniProgramId) throws IOException {
        SearchResponse<Void> found = client.search(
                s -> s.index(index)
                        .size(MAX_PAGES)
                        .source(src -> src.fetch(false))
                        .query(q ->
                                q.term(t -> t.field(PROGRAM_KEY).value(Documents.programKey(tenant, miniProgramId)))),
                Void.class);
        return found.hits().hits().stream().map(Hit::id).toList();
    }

    @Override
    public List<PageDocument> pages(String tenant, String miniProgramId) {
        try {
            SearchResponse<ObjectNode> found = client.search(
                    s -> s.index(index)
                            .size(MAX_PAGES)
                            .query(q -> q.term(
                                    t -> t.field(PROGRAM_KEY).value(Documents.programKey(tenant, miniProgramId)))),
                    ObjectNode.class);
            List<PageDocument> out = new ArrayList<>();
            for (Hit<ObjectNode> hit : found.hits().hits()) {
                out.add(JSON.treeToValue(hit.source(), PageDocument.class));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read from Elasticsearch", e);
        }
    }

    private static void withhold(BoolQuery.Builder bool, String tenant, Set<String> withheld) {
        if (!withheld.isEmpty()) {
            List<FieldValue> keys = withheld.stream()
                    .map(id -> FieldValue.of(Documents.programKey(tenant, id)))
                    .toList();
            bool.mustNot(m -> m.terms(t -> t.field(PROGRAM_KEY).terms(v -> v.value(keys))));
        }
    }

    @Override
    public SearchResults search(SearchQuery q) {
        BoolQuery.Builder bool = new BoolQuery.Builder()
                .filter(f -> f.term(t -> t.field("tenant").value(q.tenant())))
                .filter(f -> f.term(t -> t.field("hostApps").value(q.hostAppId())));
        if (q.category() != null) {
            bool.filter(f -> f.term(t -> t.field("category").value(q.category())));
        }
        for (String tag : q.tags()) {
            bool.filter(f -> f.term(t -> t.field("tags").value(tag)));
        }
        withhold(bool, q.tenant(), q.withheld());
        boolean words = q.text() != null && !q.text().isBlank();
        if (words) {
            // With the standard analyzer a Chinese word is one term per character, and one shared
            // character is not a match: then up to two terms must all match, beyond that three in four.
            // Otherwise (words, or CJK bigrams) any term matches and ranking sorts it out, as in Lucene.
            String minimum = unigramCjk && HAN.matcher(q.text()).find() ? "2<75%" : "1";
            bool.must(m -> m.multiMatch(mm -> mm.query(q.text())
                    .type(TextQueryType.BestFields)
                    .tieBreaker(0.3)
                    .minimumShouldMatch(minimum)
                    .fields(
                            "name^" + Documents.NAME_BOOST,
                            "title^" + Documents.TITLE_BOOST,
                            "description^" + Documents.DESCRIPTION_BOOST,
                            "headings^" + Documents.HEADINGS_BOOST,
                            "text^" + Documents.TEXT_BOOST,
                            "tags.text^" + Documents.TAGS_BOOST)));
        }
        Query query = Query.of(x -> x.bool(bool.build()));
        try {
            SearchResponse<ObjectNode> response = client.search(
                    s -> {
                        s.index(index)
                                .query(query)
                                .from(q.page() * q.size())
                                .size(q.size())
                                .trackTotalHits(t -> t.enabled(true));
                        if (words) {
                            // Highlights are HTML for a client to render, and a page's text may show
                            // markup as text: the html encoder escapes it, so <em> is the only real tag
                            // (as Lucene's passage formatter does; the default encoder leaves it raw).
                            s.highlight(h -> h.preTags("<em>")
                                    .postTags("</em>")
                                    .encoder(HighlighterEncoder.Html)
                                    .fields("title", f -> f.numberOfFragments(1))
                                    .fields("text", f -> f.numberOfFragments(2).fragmentSize(150)));
                        }
                        return s;
                    },
                    ObjectNode.class);
            List<SearchResults.Hit> hits = new ArrayList<>();
            for (Hit<ObjectNode> hit : response.hits().hits()) {
                PageDocument doc = JSON.treeToValue(hit.source(), PageDocument.class);
                List<String> fragments = new ArrayList<>();
                for (String field : List.of("title", "text")) {
                    List<String> found = hit.highlight().get(field);
                    if (found != null) {
                        fragments.add(String.join(" ... ", found));
                    }
                }
                hits.add(new SearchResults.Hit(
                        doc.miniProgramId(),
                        doc.name(),
                        doc.version(),
                        doc.pageUrl(),
                        doc.title(),
                        doc.category(),
                        doc.tags(),
                        hit.score() == null ? 0 : hit.score(),
                        fragments));
            }
            return new SearchResults(
                    response.hits().total() == null
                            ? hits.size()
                            : response.hits().total().value(),
                    hits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search Elasticsearch", e);
        }
    }

    @Override
    public List<String> suggest(String tenant, String hostAppId, String prefix, int size, Set<String> withheld) {
        String folded = Documents.fold(prefix);
        if (folded.isEmpty()) {
            return List.of();
        }
        BoolQuery.Builder bool = new BoolQuery.Builder()
                .filter(f -> f.term(t -> t.field("tenant").value(tenant)))
                .filter(f -> f.term(t -> t.field("hostApps").value(hostAppId)))
                .filter(f -> f.prefix(p -> p.field(NAME_FOLDED).value(folded)));
        withhold(bool, tenant, withheld);
        Query query = Query.of(x -> x.bool(bool.build()));
        try {
            SearchResponse<ObjectNode> response = client.search(
                    s -> s.index(index)
                            .size(size)
                            .query(query)
                            .collapse(c -> c.field(PROGRAM_KEY))
                            .sort(o -> o.field(f -> f.field(NAME_FOLDED).order(SortOrder.Asc)))
                            .source(src -> src.filter(f -> f.includes("name"))),
                    ObjectNode.class);
            Set<String> names = new LinkedHashSet<>();
            response.hits()
                    .hits()
                    .forEach(h -> names.add(h.source().path("name").asText()));
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search Elasticsearch", e);
        }
    }

    @Override
    public long count() {
        try {
            return client.count(c -> c.index(index)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count in Elasticsearch", e);
        }
    }

    /** Deletes the index (tests and benchmarks clean up with it). */
    public void dropIndex() {
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the index " + index, e);
        }
    }

    @Override
    public void close() {
        try {
            rest.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the index. Nodes of a cluster start together and each finds it missing: the one that
     * loses the race is told it exists, which is what it wanted.
     */
    private void createIndex(String analyzer) throws IOException {
        try {
            client.indices()
                    .create(c -> c.index(index)
                            .settings(s ->
                                    s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("-1")))
                            .mappings(m -> m.properties("tenant", p -> p.keyword(k -> k))
                                    .properties("miniProgramId", p -> p.keyword(k -> k))
                                    .properties(PROGRAM_KEY, p -> p.keyword(k -> k))
                                    .properties("name", p -> p.text(t -> t.analyzer(analyzer)))
                                    .properties(NAME_FOLDED, p -> p.keyword(k -> k))
                                    .properties("description", p -> p.text(t -> t.analyzer(analyzer)))
                                    .properties("version", p -> p.keyword(k -> k))
                                    .properties("pagePath", p -> p.keyword(k -> k))
                                    .properties("query", p -> p.object(o -> o.enabled(false)))
                                    .properties("title", p -> p.text(t -> t.analyzer(analyzer)))
                                    .properties("headings", p -> p.text(t -> t.analyzer(analyzer)))
                                    .properties("text", p -> p.text(t -> t.analyzer(analyzer)))
                                    .properties("category", p -> p.keyword(k -> k))
                                    .properties(
                                            "tags",
                                            p -> p.keyword(
                                                    k -> k.fields("text", f -> f.text(t -> t.analyzer(analyzer)))))
                                    .properties("hostApps", p -> p.keyword(k -> k))));
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }
}

package io.atrium.search.lucene;

import io.atrium.search.index.Documents;
import io.atrium.search.index.PageDocument;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchQuery;
import io.atrium.search.index.SearchResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * {@link SearchIndex} in-process, on Lucene, under a folder of the data dir. Writes are serialized
 * and each change (deletes and adds of one or more mini-programs) is committed and then made visible
 * by one searcher refresh, so a search sees the index before the change or after it.
 *
 * <p>Every commit records the {@linkplain #SCHEMA schema} its documents were written with. An index
 * written with another schema is emptied on open (the index is derived data): the indexer then
 * finds it empty and crawls every release again.
 */
public final class LuceneSearchIndex implements SearchIndex {

    /** The document schema; change it whenever fields or their analysis change. */
    static final String SCHEMA = "3";

    private static final String SCHEMA_KEY = "atrium.search.schema";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LuceneSearchIndex.class);
    /** Text that highlights come from: offsets in the postings, so highlighting needs no re-analysis. */
    private static final FieldType HIGHLIGHTED = highlighted();

    private static final String ID = "id";
    private static final String PROGRAM = "program";
    private static final String TENANT = "tenant";
    private static final String HOST = "host";
    private static final String CATEGORY = "category";
    private static final String TAG = "tag";
    private static final String NAME = "name";
    private static final String NAME_FOLDED = "name_folded";
    private static final String DESCRIPTION = "description";
    private static final String TITLE = "title";
    private static final String HEADINGS = "headings";
    private static final String TEXT = "text";
    private static final String SOURCE = "source";
    private static final String TAGS_TEXT = "tags_text";
    private static final Map<String, Double> FIELDS = Map.of(
            NAME,
            Documents.NAME_BOOST,
            TITLE,
            Documents.TITLE_BOOST,
            DESCRIPTION,
            Documents.DESCRIPTION_BOOST,
            HEADINGS,
            Documents.HEADINGS_BOOST,
            TEXT,
            Documents.TEXT_BOOST,
            TAGS_TEXT,
            Documents.TAGS_BOOST);

    private final Analyzer analyzer = new CjkAwareAnalyzer();
    private final Directory directory;
    /** Null on a node that only reads the index another process writes. */
    private final @Nullable IndexWriter writer;
    /** A writer's are opened with it; a reader's once the writer has created the index. */
    private volatile @Nullable SearcherManager searchers;

    private final String schema;
    private volatile long refreshedAt;
    private static final long READER_REFRESH_NANOS = 100_000_000L;

    /** The index in {@code folder}, written by this process (one writer per folder: Lucene locks it). */
    public static LuceneSearchIndex writable(Path folder) {
        return new LuceneSearchIndex(folder, SCHEMA);
    }

    /**
     * A reader of the index that another process on this data dir writes (the node that runs the
     * crawler): it sees each of the writer's commits within 100 ms, and refuses to write. Until the
     * writer has created the index, searches find nothing.
     */
    public static LuceneSearchIndex readOnly(Path folder) {
        return new LuceneSearchIndex(folder);
    }

    private LuceneSearchIndex(Path folder) {
        this.schema = SCHEMA;
        this.writer = null;
        try {
            this.directory = FSDirectory.open(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + folder, e);
        }
    }

    /** With another schema mark: for testing what happens to an index an older build wrote. */
    LuceneSearchIndex(Path folder, String schema) {
        this.schema = schema;
        try {
            directory = FSDirectory.open(folder);
            IndexWriter w = new IndexWriter(
                    directory,
                    new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            writer = w;
            String written = null;
            Iterable<Map.Entry<String, String>> data = w.getLiveCommitData();
            for (Map.Entry<String, String> e : data == null ? List.<Map.Entry<String, String>>of() : data) {
                if (SCHEMA_KEY.equals(e.getKey())) {
                    written = e.getValue();
                }
            }
            if (!schema.equals(written)) {
                if (w.getDocStats().maxDoc > 0) {
                    LOG.warn(
                            "The search index in {} was written with schema {}, this build writes {}: it is emptied and every release is"
                                    + " crawled again",
                            folder,
                            written,
                            schema);
                }
                w.deleteAll();
                commit(w);
            }
            searchers = new SearcherManager(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + folder, e);
        }
    }

    @Override
    public synchronized void replaceAll(List<Replacement> replacements) {
        IndexWriter w = writer;
        if (w == null) {
            throw new UnsupportedOperationException(
                    "this node only reads the search index; the node that runs the crawler writes it");
        }
        try {
            for (Replacement r : replacements) {
                w.deleteDocuments(new Term(PROGRAM, Documents.programKey(r.tenant(), r.miniProgramId())));
                List<Document> docs = new ArrayList<>();
                for (PageDocument page : r.pages()) {
                    docs.add(document(page));
                }
                w.addDocuments(docs);
            }
            commit(w);
            // A writing index opens its searchers with the writer, in its constructor.
            Objects.requireNonNull(searchers, "the writer's searchers").maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the search index", e);
        }
    }

    @Override
    public List<PageDocument> pages(String tenant, String miniProgramId) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(
                    new TermQuery(new Term(PROGRAM, Documents.programKey(tenant, miniProgramId))),
                    Integer.MAX_VALUE - 1);
            List<PageDocument> out = new ArrayList<>();
            for (ScoreDoc hit : top.scoreDocs) {
                out.add(Documents.fromJson(
                        searcher.storedFields().document(hit.doc).get(SOURCE)));
            }
            return out;
        });
    }

    @Override
    public SearchResults search(SearchQuery q) {
        BooleanQuery.Builder query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TENANT, q.tenant())), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(HOST, q.hostAppId())), BooleanClause.Occur.FILTER);
        if (q.category() != null) {
            query.add(new TermQuery(new Term(CATEGORY, q.category())), BooleanClause.Occur.FILTER);
        }
        for (String tag : q.tags()) {
            query.add(new TermQuery(new Term(TAG, tag)), BooleanClause.Occur.FILTER);
        }
        withhold(query, q.tenant(), q.withheld());
        Query words = words(q.text());
        query.add(words == null ? new MatchAllDocsQuery() : words, BooleanClause.Occur.MUST);
        Query full = query.build();
        return withSearcher(searcher -> {
            int window = (q.page() + 1) * q.size();
            // Count every hit (Lucene stops counting at 1,000 by default): the API answers an exact total, as
            // Elasticsearch does.
            TopDocs top = searcher.search(full, new TopScoreDocCollectorManager(window, null, Integer.MAX_VALUE));
            ScoreDoc[] page = java.util.Arrays.copyOfRange(
                    top.scoreDocs,
                    Math.min(top.scoreDocs.length, q.page() * q.size()),
                    Math.min(top.scoreDocs.length, window));
            Map<String, String[]> highlights = highlight(searcher, words, page);
            List<SearchResults.Hit> hits = new ArrayList<>();
            for (int i = 0; i < page.length; i++) {
                PageDocument doc = Documents.fromJson(
                        searcher.storedFields().document(page[i].doc).get(SOURCE));
                List<String> fragments = new ArrayList<>();
                for (String field : List.of(TITLE, TEXT)) {
                    String[] values = highlights.get(field);
                    if (values != null && values[i] != null) {
                        fragments.add(values[i]);
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
                        page[i].score,
                        fragments));
            }
            return new SearchResults(top.totalHits.value, hits);
        });
    }

    private static void withhold(BooleanQuery.Builder query, String tenant, Set<String> withheld) {
        for (String id : withheld) {
            query.add(new TermQuery(new Term(PROGRAM, Documents.programKey(tenant, id))), BooleanClause.Occur.MUST_NOT);
        }
    }

    /** The query for the words of {@code text}, or null when it has none. */
    private @Nullable Query words(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        QueryBuilder builder = new QueryBuilder(analyzer);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        boolean some = false;
        for (Map.Entry<String, Double> field : FIELDS.entrySet()) {
            Query q = builder.createBooleanQuery(field.getKey(), text, BooleanClause.Occur.SHOULD);
            if (q != null) {
                any.add(new BoostQuery(q, field.getValue().floatValue()), BooleanClause.Occur.SHOULD);
                some = true;
            }
        }
        return some ? any.build() : new BooleanQuery.Builder().build();
    }

    private Map<String, String[]> highlight(IndexSearcher searcher, @Nullable Query words, ScoreDoc[] page)
            throws IOException {
        if (words == null || page.length == 0) {
            return Map.of();
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<em>", "</em>", " ... ", true))
                .withMaxLength(20_000)
                .build();
        int[] docs = new int[page.length];
        int[] passages = new int[page.length];
        for (int i = 0; i < page.length; i++) {
            docs[i] = page[i].doc;
            passages[i] = 1;
        }
        Map<String, String[]> out = new java.util.HashMap<>();
        Map<String, String[]> found =
                highlighter.highlightFields(new String[] {TITLE, TEXT}, words, docs, new int[] {1, 2});
        found.forEach((field, values) -> {
            // Only fragments where something matched: a passage without <em> is just the field's start.
            String[] kept = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                kept[i] = values[i] != null && values[i].contains("<em>") ? values[i] : null;
            }
            out.put(field, kept);
        });
        return out;
    }

    @Override
    public List<String> suggest(String tenant, String hostAppId, String prefix, int size, Set<String> withheld) {
        String folded = Documents.fold(prefix);
        if (folded.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TENANT, tenant)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(HOST, hostAppId)), BooleanClause.Occur.FILTER)
                .add(new PrefixQuery(new Term(NAME_FOLDED, folded)), BooleanClause.Occur.FILTER);
        withhold(builder, tenant, withheld);
        Query query = builder.build();
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(
                    query,
                    Math.max(size * 50, 500),
                    new Sort(new SortField(NAME_FOLDED + "_sort", SortField.Type.STRING)));
            Set<String> names = new LinkedHashSet<>();
            for (ScoreDoc hit : top.scoreDocs) {
                names.add(searcher.storedFields().document(hit.doc).get(NAME));
                if (names.size() == size) {
                    break;
                }
            }
            return List.copyOf(names);
        });
    }

    @Override
    public long count() {
        return withSearcher(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    private void commit(IndexWriter w) throws IOException {
        w.setLiveCommitData(Map.of(SCHEMA_KEY, schema).entrySet());
        w.commit();
    }

    private static FieldType highlighted() {
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }

    private Document document(PageDocument page) {
        Document doc = new Document();
        doc.add(new StringField(ID, page.id(), Field.Store.NO));
        doc.add(new StringField(PROGRAM, Documents.programKey(page.tenant(), page.miniProgramId()), Field.Store.NO));
        doc.add(new StringField(TENANT, page.tenant(), Field.Store.NO));
        page.hostApps().forEach(h -> doc.add(new StringField(HOST, h, Field.Store.NO)));
        if (page.category() != null) {
            doc.add(new StringField(CATEGORY, page.category(), Field.Store.NO));
        }
        page.tags().forEach(t -> doc.add(new StringField(TAG, t, Field.Store.NO)));
        page.tags().forEach(t -> doc.add(new TextField(TAGS_TEXT, t, Field.Store.NO)));
        doc.add(new TextField(NAME, page.name(), Field.Store.YES));
        doc.add(new StringField(NAME_FOLDED, Documents.fold(page.name()), Field.Store.NO));
        doc.add(new org.apache.lucene.document.SortedDocValuesField(
                NAME_FOLDED + "_sort", new org.apache.lucene.util.BytesRef(Documents.fold(page.name()))));
        doc.add(new TextField(DESCRIPTION, page.description(), Field.Store.NO));
        doc.add(new Field(TITLE, page.title(), HIGHLIGHTED));
        page.headings().forEach(h -> doc.add(new TextField(HEADINGS, h, Field.Store.NO)));
        doc.add(new Field(TEXT, page.text(), HIGHLIGHTED));
        doc.add(new StoredField(SOURCE, Documents.toJson(page)));
        return doc;
    }

    @FunctionalInterface
    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        try {
            SearcherManager current = readerSearchers();
            if (current == null) {
                return work.apply(new IndexSearcher(new MultiReader()));
            }
            IndexSearcher searcher = current.acquire();
            try {
                return work.apply(searcher);
            } finally {
                current.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index", e);
        }
    }

    /** The writer's own searchers; on a read-only node, searchers over the last commit, refreshed at most every 100 ms. */
    /** Null on a read-only node until the writer has created the index. */
    private @Nullable SearcherManager readerSearchers() throws IOException {
        if (writer != null) {
            return searchers;
        }
        SearcherManager current = searchers;
        if (current == null) {
            synchronized (this) {
                if (searchers == null && DirectoryReader.indexExists(directory)) {
                    searchers = new SearcherManager(directory, null);
                    refreshedAt = System.nanoTime();
                }
                return searchers;
            }
        }
        long now = System.nanoTime();
        if (now - refreshedAt > READER_REFRESH_NANOS) {
            refreshedAt = now;
            current.maybeRefresh();
        }
        return current;
    }

    @Override
    public synchronized void close() {
        try {
            SearcherManager s = searchers;
            if (s != null) {
                s.close();
            }
            if (writer != null) {
                writer.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index", e);
        }
    }
}

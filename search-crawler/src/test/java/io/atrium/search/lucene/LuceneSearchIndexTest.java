package io.atrium.search.lucene;

import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchIndexContract;
import java.nio.file.Files;

class LuceneSearchIndexTest extends SearchIndexContract {

    @Override
    protected SearchIndex create() throws Exception {
        return new LuceneSearchIndex(Files.createTempDirectory("atrium-lucene"));
    }
}

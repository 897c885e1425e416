package io.atrium.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchIndexContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LuceneSearchIndexTest extends SearchIndexContract {

    @Override
    protected SearchIndex create() throws Exception {
        return LuceneSearchIndex.writable(Files.createTempDirectory("atrium-lucene"));
    }

    @Test
    void aReadOnlyNodeSeesTheWritersCommitsAndRefusesToWrite() throws Exception {
        Path dir = Files.createTempDirectory("atrium-lucene-shared").resolve("search");
        try (SearchIndex reader = LuceneSearchIndex.readOnly(dir)) {
            // Before the writer has created the index there is nothing to find, and no error.
            assertThat(reader.search(query("shared")).hits()).isEmpty();
            try (SearchIndex writer = LuceneSearchIndex.writable(dir)) {
                writer.replace(
                        "t1",
                        "mp-1",
                        List.of(SearchIndexContract.page(
                                "t1",
                                "mp-1",
                                "One",
                                "1.0.0",
                                "p/a/a",
                                Map.of(),
                                "A",
                                "shared words",
                                "tools",
                                List.of(),
                                Set.of("h1"))));
                org.awaitility.Awaitility.await()
                        .atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> reader.search(query("shared")).total() == 1);
                writer.remove("t1", "mp-1");
                org.awaitility.Awaitility.await()
                        .atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> reader.search(query("shared")).total() == 0);
            }
            assertThatThrownBy(() -> reader.remove("t1", "mp-1"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("only reads");
        }
    }

    @Test
    void pagesSurviveAReopenAndAnIndexOfAnotherSchemaIsEmptied() throws Exception {
        Path dir = Files.createTempDirectory("atrium-lucene-schema");
        try (SearchIndex current = LuceneSearchIndex.writable(dir)) {
            current.replace(
                    "t1",
                    "mp-1",
                    List.of(SearchIndexContract.page(
                            "t1",
                            "mp-1",
                            "One",
                            "1.0.0",
                            "p/a/a",
                            Map.of(),
                            "A",
                            "kept",
                            "tools",
                            List.of(),
                            Set.of("h1"))));
        }
        try (SearchIndex reopened = LuceneSearchIndex.writable(dir)) {
            assertThat(reopened.count()).isEqualTo(1);
        }
        Path old = Files.createTempDirectory("atrium-lucene-old");
        try (SearchIndex older = new LuceneSearchIndex(old, "1")) {
            older.replace(
                    "t1",
                    "mp-1",
                    List.of(SearchIndexContract.page(
                            "t1",
                            "mp-1",
                            "One",
                            "1.0.0",
                            "p/a/a",
                            Map.of(),
                            "A",
                            "stale",
                            "tools",
                            List.of(),
                            Set.of("h1"))));
        }
        try (SearchIndex upgraded = LuceneSearchIndex.writable(old)) {
            assertThat(upgraded.count()).isZero();
            // And it takes pages again.
            upgraded.replace(
                    "t1",
                    "mp-1",
                    List.of(SearchIndexContract.page(
                            "t1",
                            "mp-1",
                            "One",
                            "1.0.0",
                            "p/a/a",
                            Map.of(),
                            "A",
                            "fresh",
                            "tools",
                            List.of(),
                            Set.of("h1"))));
            assertThat(upgraded.count()).isEqualTo(1);
        }
    }
}

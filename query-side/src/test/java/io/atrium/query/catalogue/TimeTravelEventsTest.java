package io.atrium.query.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.events.miniprogram.MiniProgramRelisted;
import io.atrium.events.miniprogram.VersionUploaded;
import org.junit.jupiter.api.Test;

/** Time travel reads operation-log entries of every era: simple class names, stable names, old revisions. */
class TimeTravelEventsTest {

    static final String UPLOAD_REVISION_1 =
            "{\"miniProgramId\":\"mp-01jd0000000000000000000001\",\"version\":\"1.0.0\",\"notes\":\"\","
                    + "\"packageDigest\":\"" + "d".repeat(64)
                    + "\",\"packageSize\":2048,\"files\":[],\"uploadedBy\":\"key-dev\"}";

    @Test
    void anEntryFromBeforeStableNamesIsUpcastFromRevision1() {
        VersionUploaded read = (VersionUploaded) CatalogueQueries.event("VersionUploaded", null, UPLOAD_REVISION_1);
        assertThat(read.packageBytes()).isEqualTo(2048);
    }

    @Test
    void anEntryUnderItsStableNameAtRevision1IsUpcastToo() {
        VersionUploaded read =
                (VersionUploaded) CatalogueQueries.event("atrium.miniprogram.VersionUploaded", 1, UPLOAD_REVISION_1);
        assertThat(read.packageBytes()).isEqualTo(2048);
    }

    @Test
    void anEntryAtTheCurrentRevisionIsReadAsItIs() {
        String revision2 = UPLOAD_REVISION_1.replace("packageSize", "packageBytes");
        assertThat(((VersionUploaded) CatalogueQueries.event("atrium.miniprogram.VersionUploaded", 2, revision2))
                        .packageBytes())
                .isEqualTo(2048);
        assertThat(CatalogueQueries.event("atrium.miniprogram.MiniProgramRelisted", 1, "{\"miniProgramId\":\"mp-x\"}"))
                .isInstanceOf(MiniProgramRelisted.class);
    }

    @Test
    void anUnknownTypeIsNamedInTheError() {
        assertThatThrownBy(() -> CatalogueQueries.event("atrium.miniprogram.Teleported", 1, "{}"))
                .hasMessageContaining("Teleported");
    }
}

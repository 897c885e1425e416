package io.atrium.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.miniprogram.VersionUploaded;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventUpcastersTest {

    static final String REVISION_1 =
            "{\"miniProgramId\":\"mp-01jd0000000000000000000001\",\"version\":\"1.0.0\",\"notes\":\"\","
                    + "\"packageDigest\":\"" + "d".repeat(64)
                    + "\",\"packageSize\":2048,\"files\":[],\"uploadedBy\":\"key-dev\"}";

    @Test
    void versionUploadedRevision1ReadsAsRevision2() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = mapper.readValue(REVISION_1, Map.class);

        Map<String, Object> upcast = EventUpcasters.ALL.upcast("atrium.miniprogram.VersionUploaded", 1, 2, stored);

        assertThat(upcast).containsEntry("packageBytes", 2048).doesNotContainKey("packageSize");
        assertThat(mapper.convertValue(upcast, VersionUploaded.class).packageBytes())
                .isEqualTo(2048);
    }

    /** Without the upcaster the old field would be dropped silently: the size would read as 0. */
    @Test
    void revision1ReadWithoutUpcastingLosesTheSize() throws Exception {
        ObjectMapper mapper = new ObjectMapper()
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        assertThat(mapper.readValue(REVISION_1, VersionUploaded.class).packageBytes())
                .isZero();
    }

    @Test
    void everyRevisionAboveOneHasAnUpcasterFromEachEarlierRevision() {
        for (EventTypes.Descriptor type : EventTypes.ALL.all()) {
            for (int r = 1; r < type.revision(); r++) {
                assertThat(EventUpcasters.ALL.from(type.name(), r))
                        .as("upcaster of %s from revision %d", type.name(), r)
                        .isPresent();
            }
        }
    }

    @Test
    void aMissingStepIsAnErrorNotASilentSkip() {
        assertThatThrownBy(() ->
                        new EventUpcasters(List.of()).upcast("atrium.miniprogram.VersionUploaded", 1, 2, Map.of()))
                .hasMessageContaining("no upcaster reads atrium.miniprogram.VersionUploaded revision 1");
    }
}

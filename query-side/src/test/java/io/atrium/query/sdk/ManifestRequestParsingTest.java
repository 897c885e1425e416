package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The manifest request body, read as a token stream: the same answers the tree reading gave. */
class ManifestRequestParsingTest {

    private static SdkHandler.ManifestRequest parse(String json) {
        return SdkHandler.parse(json.getBytes(StandardCharsets.UTF_8), "ha-1");
    }

    @Test
    void readsTheProgramAndTheUserAttributesAndSkipsUnknownMembers() {
        SdkHandler.ManifestRequest request =
                parse("{\"extra\":{\"a\":[1,{\"b\":2}]},\"hostAppId\":\"ha-1\",\"miniProgramId\":\"mp-1\","
                        + "\"user\":{\"userId\":\"u-1\",\"deviceType\":\"ios\",\"osVersion\":17.4,\"network\":null,\"nested\":[1],"
                        + "\"tags\":{\"vip\":true,\"tier\":\"gold\",\"none\":null}}}");
        assertThat(request.miniProgramId()).isEqualTo("mp-1");
        assertThat(request.user().userId()).isEqualTo("u-1");
        assertThat(request.user().deviceType()).isEqualTo("ios");
        assertThat(request.user().osVersion()).as("a number reads as its text").isEqualTo("17.4");
        assertThat(request.user().network()).as("null stays null").isNull();
        assertThat(request.user().tags())
                .containsEntry("vip", "true")
                .containsEntry("tier", "gold")
                .containsEntry("none", "null");
    }

    @Test
    void aMissingOrNonObjectUserHasNoAttributes() {
        assertThat(parse("{\"hostAppId\":\"ha-1\",\"miniProgramId\":\"mp-1\"}").user())
                .isNull();
        assertThat(parse("{\"hostAppId\":\"ha-1\",\"miniProgramId\":\"mp-1\",\"user\":[\"x\"]}")
                        .user())
                .isNull();
    }

    @Test
    void refusesWhatIsNotAnObjectOrNotJson() {
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("{\"hostAppId\":\"ha-1\",")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("{\"hostAppId\":\"ha-1\",\"miniProgramId\":\"mp-1\",\"user\":{\"userId\":tru}}"))
                .hasMessageContaining("not JSON");
    }

    @Test
    void refusesAnotherHostAppOrNoProgram() {
        assertThatThrownBy(() -> parse("{\"hostAppId\":\"ha-2\",\"miniProgramId\":\"mp-1\"}"))
                .hasMessageContaining("signing host app");
        assertThatThrownBy(() -> parse("{\"hostAppId\":{\"id\":\"ha-1\"},\"miniProgramId\":\"mp-1\"}"))
                .hasMessageContaining("signing host app");
        assertThatThrownBy(() -> parse("{\"hostAppId\":\"ha-1\",\"miniProgramId\":\"\"}"))
                .hasMessageContaining("miniProgramId is required");
        assertThatThrownBy(() -> parse("{\"hostAppId\":\"ha-1\"}")).hasMessageContaining("miniProgramId is required");
    }
}

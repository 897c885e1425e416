package io.atrium.events.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.hostapp.AllowedDomain;
import io.atrium.events.hostapp.BundleId;
import io.atrium.events.hostapp.HostAppId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void generatedIdsAreValidAndSortByTime() throws Exception {
        MiniProgramId first = MiniProgramId.generate();
        Thread.sleep(2);
        MiniProgramId second = MiniProgramId.generate();
        assertThat(new MiniProgramId(first.value())).isEqualTo(first);
        assertThat(first.value().compareTo(second.value())).isNegative();
        assertThat(HostAppId.generate().value()).startsWith("ha-").hasSize(29);
    }

    @Test
    void idsRefuseWrongFormats() {
        assertThatThrownBy(() -> MiniProgramId.parse("mp-../../etc")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> MiniProgramId.parse(HostAppId.generate().value()))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TenantId.parse("Bad Tenant")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void idsSerializeAsPlainStrings() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        MiniProgramId id = MiniProgramId.generate();
        assertThat(mapper.writeValueAsString(id)).isEqualTo("\"" + id.value() + "\"");
        assertThat(mapper.readValue("\"" + id.value() + "\"", MiniProgramId.class))
                .isEqualTo(id);
    }

    @Test
    void versionNumbersOrderAsSemanticVersions() {
        assertThat(VersionNumber.of("1.10.0")).isGreaterThan(VersionNumber.of("1.9.3"));
        assertThat(VersionNumber.of("2.0.0-rc.1")).isLessThan(VersionNumber.of("2.0.0"));
        assertThatThrownBy(() -> VersionNumber.parse("1.0")).hasMessageContaining("MAJOR.MINOR.PATCH");
        assertThatThrownBy(() -> VersionNumber.parse("01.0.0")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void detailsValidateAndNormalize() {
        MiniProgramDetails d = MiniProgramDetails.of("  Weather  ", null, null, List.of("tools"));
        assertThat(d.name()).isEqualTo("Weather");
        assertThat(d.category()).isEqualTo("general");
        assertThatThrownBy(() -> MiniProgramDetails.of("", "", "x", List.of()))
                .extracting("field")
                .isEqualTo("name");
        assertThatThrownBy(() -> MiniProgramDetails.of("n", "", "Bad Category", List.of()))
                .extracting("field")
                .isEqualTo("category");
        assertThatThrownBy(() -> MiniProgramDetails.of("n", "", "x", List.of("ok", "<script>")))
                .extracting("field")
                .isEqualTo("tags[1]");
    }

    @Test
    void domainsAndBundleIds() {
        assertThat(AllowedDomain.parse("API.Example.com").value()).isEqualTo("api.example.com");
        assertThat(AllowedDomain.parse("*.example.com").covers("a.b.example.com"))
                .isTrue();
        assertThat(AllowedDomain.parse("*.example.com").covers("example.com.evil.io"))
                .isFalse();
        assertThat(AllowedDomain.parse("api.example.com").covers("evilapi.example.com"))
                .isFalse();
        assertThatThrownBy(() -> AllowedDomain.parse("https://example.com")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> AllowedDomain.parse("example.com:8443")).isInstanceOf(InvalidValueException.class);
        assertThat(BundleId.parse("com.example.app").value()).isEqualTo("com.example.app");
        assertThatThrownBy(() -> BundleId.parse("nodots")).isInstanceOf(InvalidValueException.class);
    }

    /** What was stored under older, looser rules reads back as it was written; only input is checked. */
    @Test
    void readingBackChecksNothingThatInputIsCheckedFor() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> twelveTags = java.util.stream.IntStream.range(0, MiniProgramDetails.MAX_TAGS + 2)
                .mapToObj(i -> "tag" + i)
                .toList();
        String stored = mapper.writeValueAsString(
                java.util.Map.of("name", "Old", "description", "", "category", "Legacy_Category", "tags", twelveTags));
        assertThatThrownBy(() -> MiniProgramDetails.of("Old", "", "legacy", twelveTags))
                .extracting("field")
                .isEqualTo("tags");
        MiniProgramDetails read = mapper.readValue(stored, MiniProgramDetails.class);
        assertThat(read.tags()).hasSize(MiniProgramDetails.MAX_TAGS + 2);
        assertThat(read.category()).isEqualTo("Legacy_Category");
        assertThat(mapper.readValue("\"1.0\"", VersionNumber.class).value()).isEqualTo("1.0");
        assertThat(mapper.readValue("\"mp-legacy\"", MiniProgramId.class).value())
                .isEqualTo("mp-legacy");
        assertThat(mapper.readValue("\"Old Tenant\"", TenantId.class).value()).isEqualTo("Old Tenant");
        assertThat(mapper.readValue("\"localhost\"", AllowedDomain.class).value())
                .isEqualTo("localhost");
        assertThat(mapper.readValue("\"nodots\"", BundleId.class).value()).isEqualTo("nodots");
    }

    @Test
    void aStoredVersionOfAnOlderFormatStillOrders() {
        assertThat(VersionNumber.of("1.0")).isLessThan(VersionNumber.of("1.0.0"));
    }
}

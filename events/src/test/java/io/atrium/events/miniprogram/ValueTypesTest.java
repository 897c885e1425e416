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
        assertThatThrownBy(() -> new MiniProgramId("mp-../../etc")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new MiniProgramId(HostAppId.generate().value())).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new TenantId("Bad Tenant")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void idsSerializeAsPlainStrings() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        MiniProgramId id = MiniProgramId.generate();
        assertThat(mapper.writeValueAsString(id)).isEqualTo("\"" + id.value() + "\"");
        assertThat(mapper.readValue("\"" + id.value() + "\"", MiniProgramId.class)).isEqualTo(id);
    }

    @Test
    void versionNumbersOrderAsSemanticVersions() {
        assertThat(VersionNumber.of("1.10.0")).isGreaterThan(VersionNumber.of("1.9.3"));
        assertThat(VersionNumber.of("2.0.0-rc.1")).isLessThan(VersionNumber.of("2.0.0"));
        assertThatThrownBy(() -> VersionNumber.of("1.0")).hasMessageContaining("MAJOR.MINOR.PATCH");
        assertThatThrownBy(() -> VersionNumber.of("01.0.0")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void detailsValidateAndNormalize() {
        MiniProgramDetails d = new MiniProgramDetails("  Weather  ", null, null, List.of("tools"));
        assertThat(d.name()).isEqualTo("Weather");
        assertThat(d.category()).isEqualTo("general");
        assertThatThrownBy(() -> new MiniProgramDetails("", "", "x", List.of())).extracting("field").isEqualTo("name");
        assertThatThrownBy(() -> new MiniProgramDetails("n", "", "Bad Category", List.of())).extracting("field").isEqualTo("category");
        assertThatThrownBy(() -> new MiniProgramDetails("n", "", "x", List.of("ok", "<script>"))).extracting("field").isEqualTo("tags[1]");
    }

    @Test
    void domainsAndBundleIds() {
        assertThat(new AllowedDomain("API.Example.com").value()).isEqualTo("api.example.com");
        assertThat(new AllowedDomain("*.example.com").covers("a.b.example.com")).isTrue();
        assertThat(new AllowedDomain("*.example.com").covers("example.com.evil.io")).isFalse();
        assertThat(new AllowedDomain("api.example.com").covers("evilapi.example.com")).isFalse();
        assertThatThrownBy(() -> new AllowedDomain("https://example.com")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new AllowedDomain("example.com:8443")).isInstanceOf(InvalidValueException.class);
        assertThat(new BundleId("com.example.app").value()).isEqualTo("com.example.app");
        assertThatThrownBy(() -> new BundleId("nodots")).isInstanceOf(InvalidValueException.class);
    }
}

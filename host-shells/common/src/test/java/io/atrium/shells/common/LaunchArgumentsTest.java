package io.atrium.shells.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchArgumentsTest {

    @TempDir
    Path dir;

    @Test
    void refusesWhatCannotLaunchWithTheOptionAtFault() {
        assertThatThrownBy(() -> LaunchArguments.parse("x", new String[] {}, Map.of())).hasMessageContaining("'run'");
        assertThatThrownBy(() -> LaunchArguments.parse("x", new String[] {"run"}, Map.of())).hasMessageContaining("--package or --server");
        assertThatThrownBy(() -> LaunchArguments.parse("x", new String[] {"run", "--package"}, Map.of())).hasMessageContaining("--package needs a value");
        assertThatThrownBy(() -> LaunchArguments.parse("x", new String[] {"run", "--server", "http://h", "--user", "u"}, Map.of()))
                .hasMessageContaining("--host-app");
        assertThatThrownBy(() -> LaunchArguments.parse("x", new String[] {"run", "--package", "a.zip", "--query", "novalue"}, Map.of()))
                .hasMessageContaining("k=v");
        assertThatThrownBy(() -> LaunchArguments.parse("x", new String[] {"run", "--package", "a.zip", "--port", "1"}, Map.of()))
                .hasMessageContaining("unknown option --port");
    }

    @Test
    void aShellsOwnOptionsReachIt() {
        Map<String, String> seen = new HashMap<>();
        LaunchArguments a = LaunchArguments.parse("web", new String[] {"run", "--package", "a.zip", "--port", "9", "--storage", dir.toString()},
                Map.of("--port", v -> seen.put("port", v)));
        assertThat(seen).containsEntry("port", "9");
        assertThat(a.storage()).isEqualTo(dir);
    }

    @Test
    void anUnsignedOrMissingPackageIsRefusedBeforeAnythingRuns() {
        LaunchArguments unsigned = LaunchArguments.parse("x", new String[] {"run", "--package", "a.zip", "--storage", dir.toString()}, Map.of());
        assertThatThrownBy(() -> unsigned.launch(AtriumRuntime.builder()))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(LaunchArguments.refusal(e))
                        .startsWith("launch refused (unsigned):").contains("--allow-unsigned"));
        LaunchArguments missing = LaunchArguments.parse("x", new String[] {"run", "--package", dir.resolve("none.zip").toString(), "--allow-unsigned",
                "--storage", dir.toString()}, Map.of());
        assertThatThrownBy(() -> missing.launch(AtriumRuntime.builder())).hasMessageContaining("no such package file");
    }
}

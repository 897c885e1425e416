package io.atrium.sdk.logic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bridge's own check of what a module path may be, whatever the prelude resolved. */
class ScriptModulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "app.js",
                "utils/util.js",
                "pages/index/index.js",
                "miniprogram_npm/dayjs/index.js",
                "a/.hidden.js"
            })
    void plainScriptPathsInsideThePackageAreModules(String path) {
        assertThat(ScriptModules.isModulePath(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../outside.js",
                "utils/../../outside.js",
                "/utils/util.js",
                "utils//util.js",
                "./utils/util.js",
                "utils\\..\\x.js",
                "utils/util.json",
                "utils/util",
                "utils/x.js\0.wxml",
                ""
            })
    void anythingElseIsNot(String path) {
        assertThat(ScriptModules.isModulePath(path)).isFalse();
    }
}

package io.atrium.sdk.packaging;

import io.atrium.sdk.view.FxmlTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Checks an FXML/WXML template at upload. The check is the compiler's own ({@link
 * FxmlTemplate#check}), so what an upload accepts is exactly what a device compiles: as lenient
 * as WeChat's compiler (an unclosed {@code {{} is text, unknown tags render, children-less
 * components may be left open) and as strict (tags closed in order, bindings that parse).
 */
final class TemplateSyntax {

    private TemplateSyntax() {}

    /**
     * The first problem found in the template at {@code path}, starting with its line, or null when
     * the template is well formed.
     */
    static @Nullable String check(String path, String template) {
        return FxmlTemplate.check(path, template);
    }
}

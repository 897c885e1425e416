package io.atrium.sdk.view;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A function a binding may call ({@code {{m.format(price)}}}): a WXS module's export. Arguments
 * arrive as the template's plain values (maps, lists, strings, numbers, booleans, null,
 * {@link Values#UNDEFINED}) and the answer must be plain values too.
 */
@FunctionalInterface
public interface TemplateFunction {

    @Nullable
    Object call(List<@Nullable Object> arguments);
}

package io.atrium.server.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An example answer built from a schema: a property's own example where the record declares one,
 * otherwise a plausible value of its type, so every answer in the document shows its shape filled in.
 */
final class Examples {

    private static final int DEPTH = 6;

    private Examples() {}

    @SuppressWarnings("rawtypes")
    static @Nullable Object of(@Nullable Schema schema, Components components, int depth) {
        if (schema == null || depth > DEPTH) {
            return null;
        }
        if (schema.getExample() != null) {
            return schema.getExample();
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            Schema target = components.getSchemas() == null
                    ? null
                    : components.getSchemas().get(name);
            return target == null ? Map.of() : of(target, components, depth + 1);
        }
        String type = schema.getType() != null
                ? schema.getType()
                : schema.getTypes() != null && !schema.getTypes().isEmpty()
                        ? (String) schema.getTypes().stream()
                                .filter(t -> !"null".equals(t))
                                .findFirst()
                                .orElse("object")
                        : schema.getProperties() != null ? "object" : null;
        if (type == null) {
            return Map.of();
        }
        return switch (type) {
            case "array" -> {
                Object item = of(schema.getItems(), components, depth + 1);
                yield item == null ? List.of() : List.of(item);
            }
            case "object" -> {
                Map<String, Object> out = new LinkedHashMap<>();
                if (schema.getProperties() != null) {
                    ((Map<String, Schema>) schema.getProperties())
                            .forEach((name, property) -> out.put(name, of(property, components, depth + 1)));
                }
                yield out;
            }
            case "integer" -> 1;
            case "number" -> 1.5;
            case "boolean" -> true;
            default ->
                "date-time".equals(schema.getFormat())
                        ? "2026-11-30T10:15:30Z"
                        : "binary".equals(schema.getFormat()) ? "<bytes>" : "text";
        };
    }
}

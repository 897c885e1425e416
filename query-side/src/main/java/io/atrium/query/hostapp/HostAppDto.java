package io.atrium.query.hostapp;

import java.time.Instant;
import java.util.List;

/** A host app as the read API answers it. */
public record HostAppDto(
        String id,
        String name,
        List<String> bundleIds,
        List<String> domains,
        List<Definition> customApis,
        List<Definition> menus,
        List<Association> miniPrograms,
        Instant createdAt,
        Instant updatedAt,
        long position) {

    /** A custom API ({@code label} is its description) or a menu item ({@code label} is its title). */
    public record Definition(String name, String label) {}

    /** A mini-program the host app runs, and what it grants it. */
    public record Association(
            String miniProgramId,
            Instant associatedAt,
            List<String> apiGroups,
            List<String> apis,
            List<String> menus,
            List<String> scopes) {}
}

package io.atrium.sdk.policy;

import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a host app lets one mini-program do, as the platform's manifest answer states it: the
 * built-in API groups, the custom host APIs, the menu items, the privacy scopes and the domains
 * {@code request} may reach.
 *
 * @param apiGroups built-in API groups ({@code ui}, {@code navigation}, {@code storage}, {@code network}, {@code device}, {@code auth})
 * @param apis      custom host APIs, by name
 * @param menus     menu items the host shows for the mini-program
 * @param scopes    privacy scopes granted
 * @param domains   host names {@code request} may reach over https ({@code *.example.com} matches subdomains)
 */
public record Policy(
        Set<String> apiGroups, Set<String> apis, List<String> menus, Set<String> scopes, List<String> domains) {

    public Policy {
        apiGroups = Set.copyOf(apiGroups);
        apis = Set.copyOf(apis);
        menus = List.copyOf(menus);
        scopes = Set.copyOf(scopes);
        domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * The policy of local development (unsigned packages): everything a page needs, but no network
     * and no custom host API, so an untrusted package cannot reach out or into the host.
     */
    public static Policy localDevelopment() {
        return new Policy(
                Set.of("ui", "navigation", "storage", "device", "auth", "clipboard"),
                Set.of(),
                List.of(),
                Set.of("userInfo"),
                List.of());
    }

    /** Reads the {@code policy} object of a manifest answer. */
    @SuppressWarnings("unchecked")
    public static Policy fromManifest(Map<String, Object> policy) {
        return new Policy(
                Set.copyOf(strings(policy.get("apiGroups"))),
                Set.copyOf(strings(policy.get("apis"))),
                strings(policy.get("menus")),
                Set.copyOf(strings(policy.get("scopes"))),
                strings(policy.get("domains")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(@Nullable Object value) {
        return value instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    /**
     * Whether a built-in API may be called.
     *
     * @return null when it may, otherwise the reason it may not
     */
    public @Nullable String refusesBuiltin(String api) {
        String group = ApiCatalog.groupOf(api);
        if (group == null) {
            return api + " is not an API of this runtime";
        }
        if (group.equals(ApiCatalog.ALWAYS)) {
            return null;
        }
        return apiGroups.contains(group)
                ? null
                : api + " needs the '" + group + "' API group, which this host app does not grant";
    }

    /** Why a custom host API may not be called, or null when it may. */
    public @Nullable String refusesHostApi(String name) {
        return apis.contains(name) ? null : "the host API '" + name + "' is not granted to this mini-program";
    }

    /** Why a privacy scope may not be used, or null when it may. */
    public @Nullable String refusesScope(String scope) {
        return scopes.contains(scope) ? null : "the scope '" + scope + "' is not granted to this mini-program";
    }

    /** Whether {@code request} may reach this host name. */
    public boolean allowsDomain(String host) {
        String name = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        for (String domain : domains) {
            if (domain.startsWith("*.") ? name.endsWith(domain.substring(1)) : name.equals(domain)) {
                return true;
            }
        }
        return false;
    }
}

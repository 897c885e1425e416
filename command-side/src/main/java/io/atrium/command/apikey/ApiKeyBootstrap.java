package io.atrium.command.apikey;

import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can call the API after the first start. With {@code ATRIUM_BOOTSTRAP_API_KEY}
 * set, that key becomes an owner key of the default tenant (once). Without it, when no key exists
 * yet, an owner key is generated and printed once.
 *
 * <p>The default tenant is the platform's own, so this first key is also the first platform operator
 * (it holds {@link Role#PLATFORM_OPERATOR} beside owner): whoever installs the platform runs it, and
 * can create tenants and issue further platform-operator keys in the default tenant.
 */
@Component
public class ApiKeyBootstrap implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyBootstrap.class);
    static final int MIN_LENGTH = 16;

    /** The first key's roles; the platform itself issues it, standing in for a platform operator. */
    static final Set<Role> FIRST_KEY_ROLES = Set.of(Role.OWNER, Role.PLATFORM_OPERATOR);

    private final ApiKeyTable table;
    private final CommandDispatcher dispatcher;
    private final String configuredKey;

    public ApiKeyBootstrap(
            ApiKeyTable table,
            CommandDispatcher dispatcher,
            @Value("${atrium.bootstrap-api-key:${ATRIUM_BOOTSTRAP_API_KEY:}}") String configuredKey) {
        this.table = table;
        this.dispatcher = dispatcher;
        this.configuredKey = configuredKey == null ? "" : configuredKey.strip();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!configuredKey.isEmpty()) {
            if (configuredKey.length() < MIN_LENGTH
                    || configuredKey.length() > 256
                    || !configuredKey.matches("[\\x21-\\x7e]+")) {
                throw new IllegalStateException(
                        "ATRIUM_BOOTSTRAP_API_KEY must be " + MIN_LENGTH + "-256 visible ASCII characters");
            }
            if (table.findBySecret(ApiKeyTable.sha256(configuredKey)).isEmpty()) {
                issue(configuredKey, "bootstrap (ATRIUM_BOOTSTRAP_API_KEY)");
                LOG.info(
                        "ATRIUM_BOOTSTRAP_API_KEY is now an owner and platform-operator key of tenant '{}'",
                        TenantId.DEFAULT);
            }
            return;
        }
        if (table.isEmpty()) {
            String key = ApiKeys.generate();
            issue(key, "bootstrap (generated)");
            // Printed once, on purpose: nobody can read it back later (only its hash is kept).
            System.out.println();
            System.out.println("  ================================================================");
            System.out.println("  Atrium generated the first owner API key (shown only this once):");
            System.out.println();
            System.out.println("    " + key);
            System.out.println();
            System.out.println("  Use it as:  Authorization: Bearer " + key);
            System.out.println("  ================================================================");
            System.out.println();
        }
    }

    private void issue(String key, String name) {
        Caller system = Caller.system(TenantId.DEFAULT);
        dispatcher.execute(
                new IssueApiKey(
                        ApiKeyId.generate(),
                        TenantId.DEFAULT,
                        system.actor(),
                        name,
                        FIRST_KEY_ROLES,
                        ApiKeyTable.sha256(key),
                        FIRST_KEY_ROLES),
                new RequestContext(system, "", UUID.randomUUID().toString(), null, ""));
    }
}

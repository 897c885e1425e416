package io.atrium.command.hostapp;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.hostapp.HostAppCommands.BindBundleIds;
import io.atrium.command.hostapp.HostAppCommands.DefineCustomApi;
import io.atrium.command.hostapp.HostAppCommands.DefineMenuItem;
import io.atrium.command.hostapp.HostAppCommands.DissociateMiniProgram;
import io.atrium.command.hostapp.HostAppCommands.HostAppCommand;
import io.atrium.command.hostapp.HostAppCommands.RegisterHostApp;
import io.atrium.command.hostapp.HostAppCommands.RotateHostAppSecret;
import io.atrium.command.hostapp.HostAppCommands.SetDomainAllowlist;
import io.atrium.command.hostapp.HostAppCommands.SetGrants;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.hostapp.BundleIdsBound;
import io.atrium.events.hostapp.CustomApiDefined;
import io.atrium.events.hostapp.DomainAllowlistSet;
import io.atrium.events.hostapp.GrantsSet;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.HostAppRegistered;
import io.atrium.events.hostapp.HostAppSecretRotated;
import io.atrium.events.hostapp.MenuItemDefined;
import io.atrium.events.hostapp.MiniProgramAssociated;
import io.atrium.events.hostapp.MiniProgramDissociated;
import io.atrium.events.miniprogram.MiniProgramId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A host application: what it is, what its mini-programs may reach, which mini-programs it runs and
 * what it grants each. Grants may only name APIs and menu items the host itself defined, and only
 * for mini-programs it is associated with.
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class HostApp {

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    static final Pattern SCOPE = Pattern.compile("scope\\.[A-Za-z][A-Za-z0-9]{0,39}");
    static final int MAX_BUNDLE_IDS = 50;
    static final int MAX_DOMAINS = 200;
    static final int MAX_DEFINITIONS = 200;

    // Axon builds the aggregate empty; the creation event's handler sets the NullAway.Init fields before anything reads
    // them.
    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private HostAppId hostAppId;

    @SuppressWarnings("NullAway.Init")
    private TenantId tenant;

    private int secretGeneration;
    private Set<String> associated = new LinkedHashSet<>();
    private Set<String> customApis = new LinkedHashSet<>();
    private Set<String> menus = new LinkedHashSet<>();

    protected HostApp() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public HostApp(RegisterHostApp command) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > 64) {
            throw new InvalidValueException("name", "name must be 1-64 characters");
        }
        apply(new HostAppRegistered(
                command.hostAppId(),
                command.tenant(),
                name,
                distinct("bundleIds", command.bundleIds(), MAX_BUNDLE_IDS),
                1));
    }

    @CommandHandler
    void handle(RotateHostAppSecret command) {
        checkTenant(command);
        // Only the generation just replaced gets a grace period: one rotated away earlier (perhaps still in
        // its own grace) is refused from now on, so at most two secrets ever work at once.
        apply(new HostAppSecretRotated(
                hostAppId,
                secretGeneration + 1,
                command.grace().isNone()
                        ? null
                        : command.requestedAt().plus(command.grace().duration())));
    }

    @CommandHandler
    void handle(BindBundleIds command) {
        checkTenant(command);
        apply(new BundleIdsBound(hostAppId, distinct("bundleIds", command.bundleIds(), MAX_BUNDLE_IDS)));
    }

    @CommandHandler
    void handle(SetDomainAllowlist command) {
        checkTenant(command);
        apply(new DomainAllowlistSet(hostAppId, distinct("domains", command.domains(), MAX_DOMAINS)));
    }

    /** Called by {@link AssociationHandler} once it knows the mini-program exists in this tenant. */
    void associate(HostAppCommand command, MiniProgramId miniProgramId) {
        checkTenant(command);
        if (associated.contains(miniProgramId.value())) {
            throw new InvariantViolation(Invariant.ALREADY_ASSOCIATED, miniProgramId.value());
        }
        apply(new MiniProgramAssociated(hostAppId, miniProgramId));
    }

    @CommandHandler
    void handle(DissociateMiniProgram command) {
        checkTenant(command);
        if (!associated.contains(command.miniProgramId().value())) {
            throw new InvariantViolation(
                    Invariant.NOT_ASSOCIATED, command.miniProgramId().value());
        }
        apply(new MiniProgramDissociated(hostAppId, command.miniProgramId()));
    }

    @CommandHandler
    void handle(DefineCustomApi command) {
        checkTenant(command);
        String name = identifier("name", command.name());
        if (customApis.contains(name)) {
            throw new InvariantViolation(Invariant.CUSTOM_API_EXISTS, name);
        }
        if (customApis.size() >= MAX_DEFINITIONS) {
            throw new InvalidValueException("name", "a host app defines at most " + MAX_DEFINITIONS + " APIs");
        }
        String description =
                command.description() == null ? "" : command.description().strip();
        if (description.length() > 500) {
            throw new InvalidValueException("description", "description is longer than 500 characters");
        }
        apply(new CustomApiDefined(hostAppId, name, description));
    }

    @CommandHandler
    void handle(DefineMenuItem command) {
        checkTenant(command);
        String name = identifier("name", command.name());
        if (menus.contains(name)) {
            throw new InvariantViolation(Invariant.MENU_EXISTS, name);
        }
        if (menus.size() >= MAX_DEFINITIONS) {
            throw new InvalidValueException("name", "a host app defines at most " + MAX_DEFINITIONS + " menu items");
        }
        String title = command.title() == null ? "" : command.title().strip();
        if (title.isEmpty() || title.length() > 32) {
            throw new InvalidValueException("title", "title must be 1-32 characters");
        }
        apply(new MenuItemDefined(hostAppId, name, title));
    }

    @CommandHandler
    void handle(SetGrants command) {
        checkTenant(command);
        if (!associated.contains(command.miniProgramId().value())) {
            throw new InvariantViolation(
                    Invariant.NOT_ASSOCIATED, command.miniProgramId().value());
        }
        List<String> apis = distinct("apis", command.apis(), MAX_DEFINITIONS);
        List<String> grantedMenus = distinct("menus", command.menus(), MAX_DEFINITIONS);
        for (String api : apis) {
            if (!customApis.contains(api)) {
                throw new InvariantViolation(Invariant.UNDEFINED_GRANT, "API '" + api + "'");
            }
        }
        for (String menu : grantedMenus) {
            if (!menus.contains(menu)) {
                throw new InvariantViolation(Invariant.UNDEFINED_GRANT, "menu item '" + menu + "'");
            }
        }
        List<String> scopes = distinct("scopes", command.scopes(), 50);
        for (int i = 0; i < scopes.size(); i++) {
            if (!SCOPE.matcher(scopes.get(i)).matches()) {
                throw new InvalidValueException(
                        "scopes[" + i + "]", "'" + scopes.get(i) + "' is not a scope (scope.<name>)");
            }
        }
        apply(new GrantsSet(
                hostAppId,
                command.miniProgramId(),
                distinct("apiGroups", command.apiGroups(), 10),
                apis,
                grantedMenus,
                scopes));
    }

    TenantId tenant() {
        return tenant;
    }

    private void checkTenant(HostAppCommand command) {
        if (!tenant.equals(command.tenant())) {
            throw new UnknownResourceException("host app", hostAppId.value());
        }
    }

    private static String identifier(String field, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new InvalidValueException(
                    field, "'" + value + "' must be a letter followed by up to 63 letters, digits or '_'");
        }
        return value;
    }

    private static <T> List<T> distinct(String field, List<T> values, int max) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            throw new InvalidValueException(field, "at most " + max + " entries");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new InvalidValueException(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }

    // ---- state ----

    @EventSourcingHandler
    void on(HostAppRegistered event) {
        hostAppId = event.hostAppId();
        tenant = event.tenantId();
        secretGeneration = event.secretGeneration();
    }

    @EventSourcingHandler
    void on(HostAppSecretRotated event) {
        secretGeneration = event.secretGeneration();
    }

    @EventSourcingHandler
    void on(MiniProgramAssociated event) {
        associated.add(event.miniProgramId().value());
    }

    @EventSourcingHandler
    void on(MiniProgramDissociated event) {
        associated.remove(event.miniProgramId().value());
    }

    @EventSourcingHandler
    void on(CustomApiDefined event) {
        customApis.add(event.name());
    }

    @EventSourcingHandler
    void on(MenuItemDefined event) {
        menus.add(event.name());
    }
}

package io.atrium.command.problem;

import java.util.Locale;

/**
 * The rules the aggregates hold. A broken one is answered 409 (404 where the rule is "it must
 * exist") with the rule's code, so a client can tell them apart without parsing prose.
 */
public enum Invariant {
    NO_ICON("the mini-program has no icon"),
    VERSION_EXISTS("a version with this number was already uploaded"),
    UNKNOWN_VERSION("the mini-program has no such version"),
    NOT_UPLOADED("only an uploaded version can be submitted for review"),
    NOT_IN_REVIEW("only a version in review can be approved or rejected"),
    FOUR_EYES("the actor who uploaded a version may not approve it"),
    NOT_APPROVED("a version must be approved before it is released"),
    DELISTED("a delisted mini-program cannot be released or changed by its developer"),
    ALREADY_DELISTED("the mini-program is already delisted"),
    NOT_DELISTED("the mini-program is not delisted"),
    DEVELOPER_FROZEN("the developer of this mini-program is frozen until it is relisted"),
    ALREADY_RELEASED("this version is already the full release"),
    GRAY_RELEASE_ACTIVE("a gray release is active; promote or cancel it first"),
    NO_GRAY_RELEASE("there is no active gray release"),
    NOTHING_RELEASED("nothing has been released yet"),
    NEVER_RELEASED("a rollback may only go to a version that was released before"),
    OWNER_ONLY("only an owner may hand out the owner role (to a key or a member) or change a member who holds it"),
    ALREADY_REVOKED("the key is already revoked"),
    LAST_OWNER_KEY("the tenant's last owner key cannot be revoked; issue another owner key first"),
    NOT_ASSOCIATED("the mini-program is not associated with this host app"),
    ALREADY_ASSOCIATED("the mini-program is already associated with this host app"),
    CUSTOM_API_EXISTS("the host app already defines an API with this name"),
    MENU_EXISTS("the host app already defines a menu item with this name"),
    UNDEFINED_GRANT("a grant may only name APIs and menu items the host app defined"),
    BUILT_IN_ROLE("the predefined roles are read-only"),
    ROLE_EXISTS("the tenant already has a role with this name"),
    ROLE_IN_USE(
            "a role held by an API key that is not revoked, or by a member who is not disabled, cannot be deleted; revoke those keys and change those members first"),
    TENANT_EXISTS("a tenant with this id exists (or existed: a deleted tenant's id is not given again)"),
    ALREADY_SUSPENDED("the tenant is already suspended"),
    NOT_SUSPENDED("only a suspended tenant can be resumed"),
    TENANT_DELETED("the tenant was deleted; it cannot be changed"),
    PLATFORM_TENANT("the platform's own tenant cannot be suspended or deleted"),
    PLATFORM_OPERATOR_OUTSIDE_PLATFORM("the platform-operator role is only valid in the platform's tenant"),
    MEMBER_EMAIL_TAKEN("another member of this tenant has this e-mail address"),
    MEMBER_NOT_ACTIVE("the member is disabled, or has not accepted the invitation yet"),
    MEMBER_DISABLED("the member is already disabled"),
    SECOND_FACTOR_ENROLLED("the member already has a second factor; remove it first"),
    NO_SECOND_FACTOR("the member has no second factor"),
    NO_PENDING_ENROLMENT("start an enrolment first: no TOTP secret is waiting for its code");

    private final String description;

    Invariant(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The rule's stable code, e.g. {@code four-eyes}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

/**
 * The facts of member accounts (people who log in, as opposed to API keys for machines), of the
 * login attempts made against a tenant's e-mail addresses, and of each tenant's login policy.
 */
@NullMarked
package io.atrium.events.member;

import org.jspecify.annotations.NullMarked;

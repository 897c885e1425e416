/**
 * The gray-release rule language: rule sets as they are stored in events, their validation (done
 * when a rule set is built, so a stored rule set is always valid), and their cheap deterministic
 * evaluation against a user's attributes, including the stable percentage bucket.
 */
@NullMarked
package io.atrium.events.gray;

import org.jspecify.annotations.NullMarked;

/**
 * The platform's own keys: the Ed25519 key that signs sealed packages and the master key that wraps
 * data keys and derives host-app secrets (port and file adapter).
 */
@NullMarked
package io.atrium.command.keys;

import org.jspecify.annotations.NullMarked;

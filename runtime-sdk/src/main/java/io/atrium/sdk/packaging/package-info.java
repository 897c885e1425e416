/**
 * The code-package format: reading an uploaded zip as a stream under hard limits, validating its
 * layout, hashing every file, sealing it (AES-256-GCM per file, an Ed25519-signed manifest) and
 * opening a sealed package (signature and hashes first, then one file at a time, in memory).
 */
@NullMarked
package io.atrium.sdk.packaging;

import org.jspecify.annotations.NullMarked;

/**
 * Atrium's runtime SDK, the library a host app embeds to run mini-programs. This release holds the
 * code-package format: validation of uploads, sealing on approval, and opening sealed packages.
 */
@NullMarked
package io.atrium.sdk;

import org.jspecify.annotations.NullMarked;

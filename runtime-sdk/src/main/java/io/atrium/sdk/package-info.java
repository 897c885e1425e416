/**
 * Atrium's runtime SDK, the library a host app embeds to run mini-programs. This release holds the
 * code-package format: validation of uploads, sealing on approval, and opening sealed packages.
 */
package io.atrium.sdk;

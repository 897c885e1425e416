/**
 * The operation log's entry format and its hash chain: part of the published language, so the
 * platform that writes the log, the API that verifies it, and an auditor holding an export all
 * compute the same hashes.
 */
@NullMarked
package io.atrium.events.audit;

import org.jspecify.annotations.NullMarked;

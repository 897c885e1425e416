/**
 * The operation log's entry format and its hash chain: part of the published language, so the
 * platform that writes the log, the API that verifies it, and an auditor holding an export all
 * compute the same hashes.
 */
package io.atrium.events.audit;

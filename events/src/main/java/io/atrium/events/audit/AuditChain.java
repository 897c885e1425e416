package io.atrium.events.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The operation log's hash chain:
 * {@code hash(n) = hex(SHA-256(hash(n-1) + "\n" + canonical(entry n)))}, starting from
 * {@link #GENESIS}. The canonical form is one line per field, in a fixed order, so any tool can
 * reproduce it; changing, removing or reordering an entry changes every hash after it.
 */
public final class AuditChain {

    /** The "previous hash" of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    public static String hash(String previousHash, AuditEntry entry) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousHash.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(canonical(entry).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entry as the hash sees it. */
    public static String canonical(AuditEntry e) {
        return "seq=" + e.seq() + "\nposition=" + e.position() + "\neventId=" + e.eventId() + "\naggregateId="
                + e.aggregateId()
                + "\naggregateType=" + e.aggregateType() + "\nsequenceNumber=" + e.sequenceNumber() + "\neventType="
                + e.eventType()
                + "\ntenant=" + e.tenant() + "\nactor=" + e.actor() + "\nclientAddress=" + e.clientAddress()
                + "\ncorrelationId=" + e.correlationId() + "\ncausationId=" + e.causationId() + "\ncommandName="
                + e.commandName()
                + "\noccurredAt=" + e.occurredAt() + "\npayload=" + e.payload();
    }
}

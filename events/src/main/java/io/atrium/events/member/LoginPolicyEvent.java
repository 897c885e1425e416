package io.atrium.events.member;

import io.atrium.events.AtriumEvent;
import io.atrium.events.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The facts of a tenant's login policy: one stream per tenant. */
public sealed interface LoginPolicyEvent extends AtriumEvent permits LoginPolicySet {

    String policyId();

    @Override
    default String aggregateId() {
        return policyId();
    }

    /** The policy stream of {@code tenant}: {@code lpol-} and 32 hex characters (tenant ids may be 63 long). */
    static String idOf(TenantId tenant) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(tenant.value().getBytes(StandardCharsets.UTF_8));
            return "lpol-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

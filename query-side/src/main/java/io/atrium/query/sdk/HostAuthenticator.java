package io.atrium.query.sdk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's authentication: a request signed by a host app with its secret ({@link HostSignatures}),
 * resolved against the in-memory snapshot. The server's security configuration runs it as its own
 * mechanism for the SDK's WebFlux routes, and the manifest's Netty route calls it directly.
 */
public final class HostAuthenticator {

    /** The exchange attribute holding the authenticated {@link ManifestSnapshot.Host}. */
    public static final String HOST = HostAuthenticator.class.getName() + ".host";
    /** The exchange attribute holding the request body the signature covered (read once, by the mechanism). */
    public static final String BODY = HostAuthenticator.class.getName() + ".body";
    /** The header naming the signing host app; a request without it is not an SDK request. */
    public static final String APP_HEADER = "X-Atrium-App";
    /** The header naming the calling app's bundle id / package name; signed, and checked against the host's. */
    public static final String BUNDLE_HEADER = "X-Atrium-Bundle-Id";
    /** The largest body an SDK request may have. */
    public static final int MAX_BODY = SdkHandler.MAX_BODY;

    private final Function<String, ManifestSnapshot.@Nullable Host> hostsById;
    private final HostSignatures signatures;
    private final SdkKeys keys;
    private final Clock clock;
    private final Cache<String, String> hostSecrets =
            Caffeine.newBuilder().maximumSize(100_000).build();

    private final TenantStatus tenants;

    public HostAuthenticator(
            ManifestSnapshot snapshot, HostSignatures signatures, SdkKeys keys, Clock clock, TenantStatus tenants) {
        this(snapshot::host, signatures, keys, clock, tenants);
    }

    /**
     * @param hostsById the host apps as the snapshot holds them (a map in tests)
     * @param tenants whether each tenant is active; a suspended or deleted tenant's hosts are refused
     */
    HostAuthenticator(
            Function<String, ManifestSnapshot.@Nullable Host> hostsById,
            HostSignatures signatures,
            SdkKeys keys,
            Clock clock,
            TenantStatus tenants) {
        this.hostsById = hostsById;
        this.signatures = signatures;
        this.keys = keys;
        this.clock = clock;
        this.tenants = tenants;
    }

    /**
     * The host app that signed the request, as its signer sees it: while the previous secret's grace
     * period lasts, a request signed with that secret is answered as generation {@code n - 1} (its
     * data keys are wrapped for the secret the host holds).
     *
     * @param headers looks a request header up by name
     * @throws HostSignatures.Refused naming what is wrong (401), or a bundle id the host did not register (403)
     */
    public ManifestSnapshot.Host authenticate(
            Function<String, @Nullable String> headers, String method, String path, byte[] body) {
        String app = headers.apply(APP_HEADER);
        ManifestSnapshot.Host host = app == null ? null : hostsById.apply(app);
        if (host == null) {
            throw new HostSignatures.Refused("unknown host app; sign the request with X-Atrium-App and its secret");
        }
        String bundleId = headers.apply(BUNDLE_HEADER);
        if (bundleId == null || bundleId.isEmpty()) {
            // The canonical string before bundle ids had none: such a client is told what changed, not just "bad
            // signature".
            throw new HostSignatures.Refused(
                    401,
                    "bundle-id-missing",
                    "send the calling app's bundle id as X-Atrium-Bundle-Id and sign it: the canonical string is "
                            + "timestamp, nonce, method, path, bundle id and body hash, one per line");
        }
        boolean grace = host.previousSecretValidAt(clock.instant());
        boolean previous = signatures.verify(
                host.id(),
                secret(host.id(), host.secretGeneration()),
                grace ? secret(host.id(), host.secretGeneration() - 1) : null,
                headers.apply("X-Atrium-Timestamp"),
                headers.apply("X-Atrium-Nonce"),
                headers.apply("X-Atrium-Signature"),
                bundleId,
                method,
                path,
                body);
        // Checked after the signature, so only the host's own secret holder learns which bundle ids it registered.
        if (!host.bundleIds().contains(bundleId)) {
            throw new HostSignatures.Refused(
                    403,
                    "bundle-id-not-registered",
                    "bundle id '" + bundleId + "' is not registered for host app " + host.id());
        }
        // Also after the signature, so a stranger learns nothing about which tenants are suspended.
        String refused = tenants.refusal(host.tenant());
        if (refused != null) {
            throw new HostSignatures.Refused(refused);
        }
        if (!previous) {
            return host;
        }
        return new ManifestSnapshot.Host(
                host.id(),
                host.tenant(),
                host.secretGeneration() - 1,
                null,
                host.bundleIds(),
                host.domains(),
                host.grants(),
                host.position());
    }

    /** The secret of the generation the host signed with (cached per generation: unwrapping it costs more than the answer). */
    String secret(ManifestSnapshot.Host host) {
        return secret(host.id(), host.secretGeneration());
    }

    private String secret(String hostId, int generation) {
        return hostSecrets.get(hostId + "#" + generation, k -> keys.hostSecret(hostId, generation));
    }
}

package io.atrium.query.sdk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;

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
    /** The largest body an SDK request may have. */
    public static final int MAX_BODY = SdkHandler.MAX_BODY;

    private final ManifestSnapshot snapshot;
    private final HostSignatures signatures;
    private final SdkKeys keys;
    private final Cache<String, String> hostSecrets =
            Caffeine.newBuilder().maximumSize(100_000).build();

    public HostAuthenticator(ManifestSnapshot snapshot, HostSignatures signatures, SdkKeys keys) {
        this.snapshot = snapshot;
        this.signatures = signatures;
        this.keys = keys;
    }

    /**
     * The host app that signed the request.
     *
     * @param headers looks a request header up by name
     * @throws HostSignatures.Refused naming what is wrong
     */
    public ManifestSnapshot.Host authenticate(
            Function<String, String> headers, String method, String path, byte[] body) {
        String app = headers.apply(APP_HEADER);
        ManifestSnapshot.Host host = app == null ? null : snapshot.host(app);
        if (host == null) {
            throw new HostSignatures.Refused("unknown host app; sign the request with X-Atrium-App and its secret");
        }
        signatures.verify(
                host.id(),
                secret(host),
                headers.apply("X-Atrium-Timestamp"),
                headers.apply("X-Atrium-Nonce"),
                headers.apply("X-Atrium-Signature"),
                method,
                path,
                body);
        return host;
    }

    /** The host's current secret (cached per generation: unwrapping it costs more than the answer). */
    String secret(ManifestSnapshot.Host host) {
        return hostSecrets.get(
                host.id() + "#" + host.secretGeneration(), k -> keys.hostSecret(host.id(), host.secretGeneration()));
    }
}

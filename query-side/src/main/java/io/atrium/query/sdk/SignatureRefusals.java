package io.atrium.query.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Writes the answer to an SDK request whose signature does not authenticate. The server's security
 * configuration provides it, so the manifest's Netty route refuses in the same shape, from the same
 * place, as every other refusal of the platform.
 */
@FunctionalInterface
public interface SignatureRefusals {

    /** A 401 problem for {@code path}, with {@code detail} saying what is wrong, challenging the host to sign. */
    SdkHandler.Reply refuse(String path, @Nullable String detail);
}

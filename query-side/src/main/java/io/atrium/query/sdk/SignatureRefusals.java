package io.atrium.query.sdk;

/**
 * Writes the answer to an SDK request whose signature does not authenticate. The server's security
 * configuration provides it, so the manifest's Netty route refuses in the same shape, from the same
 * place, as every other refusal of the platform.
 */
@FunctionalInterface
public interface SignatureRefusals {

    /**
     * A problem for {@code path}: a 401 challenging the host to sign, or a 403 (a bundle id the host did not
     * register), with the refusal's type and its message as the detail.
     */
    SdkHandler.Reply refuse(String path, HostSignatures.Refused refused);
}

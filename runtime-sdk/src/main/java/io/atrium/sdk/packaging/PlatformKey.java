package io.atrium.sdk.packaging;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The platform's Ed25519 signing key. Its id is the first 16 hex characters of the SHA-256 of the
 * public key's X.509 encoding, so anyone holding the public key can compute it.
 *
 * @param privateKey null where only verification is needed (a host app)
 */
public record PlatformKey(@Nullable PrivateKey privateKey, PublicKey publicKey, String keyId) {

    /** A fresh key pair. */
    public static PlatformKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new PlatformKey(pair.getPrivate(), pair.getPublic(), idOf(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** A key read back from its PKCS#8 (private) and X.509 (public) encodings. */
    public static PlatformKey fromEncoded(byte @Nullable [] pkcs8Private, byte[] x509Public) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(x509Public));
            PrivateKey priv =
                    pkcs8Private == null ? null : factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8Private));
            return new PlatformKey(priv, pub, idOf(pub));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** The verifying half only, as a host app holds it. */
    public static PlatformKey publicOnly(byte[] x509Public) {
        return fromEncoded(null, x509Public);
    }

    static String idOf(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "PlatformKey[" + keyId + "]";
    }
}

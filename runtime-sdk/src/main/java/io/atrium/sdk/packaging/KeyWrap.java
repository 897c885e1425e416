package io.atrium.sdk.packaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wrapping of data keys: AES-256-GCM under a key-encryption key, with a context string as
 * associated data so a wrapped key cannot be replayed for another package or host. The wire form is
 * {@code base64(nonce(12) || ciphertext || tag(16))}. Also HKDF-SHA256 (RFC 5869) for deriving
 * key-encryption keys from secrets.
 */
public final class KeyWrap {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private KeyWrap() {}

    public static String wrap(byte[] kek, byte[] key, String context) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key);
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(NONCE + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * @throws SealedPackageException with {@link SealedPackageException.Reason#KEY_UNWRAP_FAILED}
     *                                when the key-encryption key or the context is wrong
     */
    public static byte[] unwrap(byte[] kek, String wrapped, String context) {
        try {
            byte[] all = Base64.getDecoder().decode(wrapped);
            if (all.length <= NONCE + TAG_BITS / 8) {
                throw new SealedPackageException(
                        SealedPackageException.Reason.KEY_UNWRAP_FAILED, "wrapped key is too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE, all.length - NONCE);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SealedPackageException(
                    SealedPackageException.Reason.KEY_UNWRAP_FAILED,
                    "the data key cannot be unwrapped: " + e.getMessage());
        }
    }

    /** HKDF-SHA256 with a UTF-8 {@code info}. */
    public static byte[] hkdf(byte[] ikm, byte[] salt, String info, int length) {
        return hkdf(ikm, salt, info.getBytes(StandardCharsets.UTF_8), length);
    }

    /** HKDF-SHA256 (RFC 5869): extract with {@code salt}, expand with {@code info} to {@code length} bytes. */
    public static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) i);
                block = mac.doFinal();
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

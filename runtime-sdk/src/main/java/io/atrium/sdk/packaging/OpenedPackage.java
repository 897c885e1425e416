package io.atrium.sdk.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A sealed package whose signature and ciphertext hashes have been verified. Files stay encrypted
 * until {@link #read(String)} asks for one; it is then decrypted in memory only, its tag and
 * plaintext hash checked, and handed to the caller. Nothing is ever written to disk.
 */
public final class OpenedPackage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SealedManifest manifest;
    private final Map<String, SealedManifest.File> byPath;
    private final Map<String, byte[]> ciphertexts;
    private final byte[] dataKey;

    private OpenedPackage(SealedManifest manifest, Map<String, byte[]> ciphertexts, byte[] dataKey) {
        this.manifest = manifest;
        this.ciphertexts = ciphertexts;
        this.dataKey = dataKey.clone();
        this.byPath = new LinkedHashMap<>();
        manifest.files().forEach(f -> byPath.put(f.path(), f));
    }

    /**
     * Verifies and opens a sealed package.
     *
     * @param sealed        the sealed archive's bytes
     * @param platformKey   the platform's verifying key
     * @param dataKey       the version's data key, unwrapped
     * @param miniProgramId the mini-program the caller expects, or null to accept any
     * @param version       the version the caller expects, or null to accept any
     * @throws SealedPackageException naming what failed; nothing was decrypted if the signature or a hash failed
     */
    public static OpenedPackage open(
            byte[] sealed, PlatformKey platformKey, byte[] dataKey, String miniProgramId, String version) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(sealed), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                if (entries.put(entry.getName(), zin.readAllBytes()) != null) {
                    throw new SealedPackageException(
                            SealedPackageException.Reason.MALFORMED, "entry " + entry.getName() + " appears twice");
                }
            }
        } catch (IOException e) {
            throw new SealedPackageException(
                    SealedPackageException.Reason.MALFORMED, "not a readable archive: " + e.getMessage());
        }
        byte[] manifestBytes = entries.remove(PackageSealer.MANIFEST);
        byte[] signature = entries.remove(PackageSealer.SIGNATURE);
        if (manifestBytes == null || signature == null) {
            throw new SealedPackageException(SealedPackageException.Reason.MALFORMED, "manifest or signature missing");
        }
        verifySignature(platformKey, manifestBytes, signature);
        SealedManifest manifest;
        try {
            manifest = JSON.readValue(manifestBytes, SealedManifest.class);
        } catch (IOException e) {
            throw new SealedPackageException(SealedPackageException.Reason.MALFORMED, "manifest does not parse");
        }
        if (!SealedManifest.FORMAT.equals(manifest.format())) {
            throw new SealedPackageException(
                    SealedPackageException.Reason.MALFORMED, "unknown format " + manifest.format());
        }
        if ((miniProgramId != null && !miniProgramId.equals(manifest.miniProgramId()))
                || (version != null && !version.equals(manifest.version()))) {
            throw new SealedPackageException(
                    SealedPackageException.Reason.WRONG_PACKAGE,
                    "package is " + manifest.miniProgramId() + "@" + manifest.version());
        }
        if (entries.size() != manifest.files().size()) {
            throw new SealedPackageException(
                    SealedPackageException.Reason.MALFORMED, "archive holds entries the manifest does not list");
        }
        for (SealedManifest.File file : manifest.files()) {
            byte[] cipher = entries.get(file.entry());
            if (cipher == null) {
                throw new SealedPackageException(SealedPackageException.Reason.MALFORMED, "missing " + file.path());
            }
            if (!MessageDigest.isEqual(
                    PackageSealer.sha256(cipher), java.util.HexFormat.of().parseHex(file.cipherSha256()))) {
                throw new SealedPackageException(SealedPackageException.Reason.HASH_MISMATCH, file.path());
            }
        }
        return new OpenedPackage(manifest, entries, dataKey);
    }

    private static void verifySignature(PlatformKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.publicKey());
            verifier.update(data);
            if (!verifier.verify(signature)) {
                throw new SealedPackageException(
                        SealedPackageException.Reason.SIGNATURE_INVALID, "manifest signature does not verify");
            }
        } catch (java.security.SignatureException e) {
            throw new SealedPackageException(
                    SealedPackageException.Reason.SIGNATURE_INVALID, "manifest signature is malformed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    public SealedManifest manifest() {
        return manifest;
    }

    /** The package's paths, in original order. */
    public List<String> paths() {
        return List.copyOf(byPath.keySet());
    }

    public boolean contains(String path) {
        return byPath.containsKey(path);
    }

    /**
     * Decrypts one file in memory.
     *
     * @throws IllegalArgumentException when the package has no such file
     * @throws SealedPackageException    when it does not decrypt or its plaintext hash differs
     */
    public byte[] read(String path) {
        SealedManifest.File file = byPath.get(path);
        if (file == null) {
            throw new IllegalArgumentException(
                    "no file " + path + " in " + manifest.miniProgramId() + "@" + manifest.version());
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(dataKey, "AES"),
                    new GCMParameterSpec(128, Base64.getDecoder().decode(file.nonce())));
            cipher.updateAAD(SealedManifest.associatedData(manifest.miniProgramId(), manifest.version(), path)
                    .getBytes(StandardCharsets.UTF_8));
            plain = cipher.doFinal(ciphertexts.get(file.entry()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealedPackageException(SealedPackageException.Reason.DECRYPTION_FAILED, path);
        }
        if (!Arrays.equals(PackageSealer.sha256(plain), java.util.HexFormat.of().parseHex(file.sha256()))) {
            throw new SealedPackageException(SealedPackageException.Reason.HASH_MISMATCH, path);
        }
        return plain;
    }

    /** Decrypts one text file in memory. */
    public String readString(String path) {
        return new String(read(path), StandardCharsets.UTF_8);
    }
}

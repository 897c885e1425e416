package io.atrium.sdk.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a validated package: every file encrypted with AES-256-GCM under a fresh per-version data
 * key (a fresh nonce per file, the path bound in as associated data), and a manifest of paths,
 * hashes and nonces signed with the platform's Ed25519 key. The sealed archive holds
 * {@code manifest.json}, {@code manifest.sig} and one {@code f/<n>} entry per file.
 */
public final class PackageSealer {

    static final String MANIFEST = "manifest.json";
    static final String SIGNATURE = "manifest.sig";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformKey key;
    private final PackageLimits limits;

    public PackageSealer(PlatformKey key, PackageLimits limits) {
        if (key.privateKey() == null) {
            throw new IllegalArgumentException("sealing needs the platform's private key");
        }
        this.key = key;
        this.limits = limits;
    }

    /**
     * What sealing produced besides the archive.
     *
     * @param dataKey        the version's AES-256 key; the caller wraps it before keeping it
     * @param manifest       the signed manifest
     * @param manifestSha256 SHA-256 of the manifest's bytes, hex
     * @param signature      the Ed25519 signature of the manifest's bytes
     */
    public record Result(byte[] dataKey, SealedManifest manifest, String manifestSha256, byte[] signature) {}

    /**
     * Seals the (already validated) package at {@code plainZip} into {@code out}.
     */
    public Result seal(Path plainZip, String miniProgramId, String version, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(plainZip)) {
            return seal(in, miniProgramId, version, out);
        }
    }

    /**
     * Seals the (already validated) package read from {@code plainZip} into {@code out}.
     */
    public Result seal(InputStream plainZip, String miniProgramId, String version, OutputStream out)
            throws IOException {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        List<SealedManifest.File> files = new ArrayList<>();
        List<byte[]> ciphertexts = new ArrayList<>();
        try (ZipInputStream zin = new ZipInputStream(plainZip, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                PackageValidator.checkPath(entry.getName());
                byte[] plain = zin.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limits.maxEntryBytes() + 1));
                if (plain.length > limits.maxEntryBytes()) {
                    throw new PackageRejectedException(PackageRule.ENTRY_TOO_LARGE, entry.getName(), null);
                }
                byte[] nonce = new byte[12];
                RANDOM.nextBytes(nonce);
                byte[] cipher = encrypt(
                        dataKey, nonce, SealedManifest.associatedData(miniProgramId, version, entry.getName()), plain);
                String name = "f/" + files.size();
                files.add(new SealedManifest.File(
                        entry.getName(),
                        plain.length,
                        hex(sha256(plain)),
                        name,
                        Base64.getEncoder().encodeToString(nonce),
                        hex(sha256(cipher))));
                ciphertexts.add(cipher);
            }
        }
        SealedManifest manifest = new SealedManifest(SealedManifest.FORMAT, miniProgramId, version, key.keyId(), files);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        byte[] signature = sign(manifestBytes);
        try (ZipOutputStream zout = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            stored(zout, MANIFEST, manifestBytes);
            stored(zout, SIGNATURE, signature);
            for (int i = 0; i < files.size(); i++) {
                stored(zout, files.get(i).entry(), ciphertexts.get(i));
            }
        }
        return new Result(dataKey, manifest, hex(sha256(manifestBytes)), signature);
    }

    private byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.privateKey());
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private static byte[] encrypt(byte[] key, byte[] nonce, String aad, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static void stored(ZipOutputStream zout, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTime(0);
        zout.putNextEntry(entry);
        zout.write(data);
        zout.closeEntry();
    }

    static byte[] sha256(byte[] data) {
        return PackageValidator.sha256().digest(data);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

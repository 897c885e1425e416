package io.atrium.sdk.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealingTest {

    private static final String MP = "mp-01jd0000000000000000000000";

    @TempDir
    Path dir;

    private final PlatformKey key = PlatformKey.generate();
    private byte[] sealed;
    private PackageSealer.Result result;

    @BeforeEach
    void seal() throws Exception {
        Path plain = Files.write(dir.resolve("plain.zip"), Zips.sample());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result = new PackageSealer(key, PackageLimits.DEFAULT).seal(plain, MP, "1.0.0", out);
        sealed = out.toByteArray();
    }

    @Test
    void openedPackageYieldsTheOriginalFiles() {
        OpenedPackage opened = OpenedPackage.open(
                sealed, PlatformKey.publicOnly(key.publicKey().getEncoded()), result.dataKey(), MP, "1.0.0");
        assertThat(opened.paths()).containsExactlyElementsOf(Zips.sampleFiles().keySet());
        Zips.sampleFiles()
                .forEach((path, content) -> assertThat(opened.read(path)).isEqualTo(content));
        assertThat(opened.manifest().keyId()).isEqualTo(key.keyId());
    }

    @Test
    void sealedArchiveHoldsNoPlaintext() throws Exception {
        String archive = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(archive).doesNotContain("setData").doesNotContain("onLaunch").doesNotContain("<view");
    }

    @Test
    void aForgedManifestFailsTheSignature() throws Exception {
        byte[] forged = rewrite(
                sealed,
                "manifest.json",
                m -> new String(m, StandardCharsets.UTF_8)
                        .replace("1.0.0", "9.9.9")
                        .getBytes());
        SealedPackageException e = catchThrowableOfType(
                () -> OpenedPackage.open(forged, key, result.dataKey(), null, null), SealedPackageException.class);
        assertThat(e.reason()).isEqualTo(SealedPackageException.Reason.SIGNATURE_INVALID);
    }

    @Test
    void anotherPlatformKeyFailsTheSignature() {
        assertThatThrownBy(() -> OpenedPackage.open(sealed, PlatformKey.generate(), result.dataKey(), null, null))
                .isInstanceOf(SealedPackageException.class)
                .extracting("reason")
                .isEqualTo(SealedPackageException.Reason.SIGNATURE_INVALID);
    }

    @Test
    void aTamperedFileIsCaughtBeforeAnythingIsDecrypted() throws Exception {
        byte[] tampered = rewrite(sealed, "f/1", c -> {
            c[0] ^= 1;
            return c;
        });
        assertThatThrownBy(() -> OpenedPackage.open(tampered, key, result.dataKey(), null, null))
                .isInstanceOf(SealedPackageException.class)
                .extracting("reason")
                .isEqualTo(SealedPackageException.Reason.HASH_MISMATCH);
    }

    @Test
    void theWrongDataKeyDoesNotDecrypt() {
        byte[] wrong = new byte[32];
        OpenedPackage opened = OpenedPackage.open(sealed, key, wrong, null, null);
        assertThatThrownBy(() -> opened.read("app.js"))
                .isInstanceOf(SealedPackageException.class)
                .extracting("reason")
                .isEqualTo(SealedPackageException.Reason.DECRYPTION_FAILED);
    }

    @Test
    void aPackageForAnotherVersionIsRefused() {
        assertThatThrownBy(() -> OpenedPackage.open(sealed, key, result.dataKey(), MP, "2.0.0"))
                .isInstanceOf(SealedPackageException.class)
                .extracting("reason")
                .isEqualTo(SealedPackageException.Reason.WRONG_PACKAGE);
    }

    @Test
    void anUnlistedEntryIsRefused() throws Exception {
        byte[] extra = rewrite(sealed, null, null);
        assertThatThrownBy(() -> OpenedPackage.open(extra, key, result.dataKey(), null, null))
                .isInstanceOf(SealedPackageException.class)
                .extracting("reason")
                .isEqualTo(SealedPackageException.Reason.MALFORMED);
    }

    @Test
    void manifestHashCoversTheSignedBytes() throws Exception {
        byte[] manifest = entries(sealed).get("manifest.json");
        assertThat(HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(manifest)))
                .isEqualTo(result.manifestSha256());
    }

    @Test
    void keyWrapRoundTripsAndIsBoundToItsContext() {
        byte[] kek = new byte[32];
        kek[0] = 9;
        String wrapped = KeyWrap.wrap(kek, result.dataKey(), "mp/1.0.0");
        assertThat(KeyWrap.unwrap(kek, wrapped, "mp/1.0.0")).isEqualTo(result.dataKey());
        assertThatThrownBy(() -> KeyWrap.unwrap(kek, wrapped, "mp/2.0.0")).isInstanceOf(SealedPackageException.class);
        assertThatThrownBy(() -> KeyWrap.unwrap(new byte[32], wrapped, "mp/1.0.0"))
                .isInstanceOf(SealedPackageException.class);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = KeyWrap.hkdf(
                hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"),
                42);
        assertThat(hex.formatHex(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    private static Map<String, byte[]> entries(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** Rewrites one entry (or, with a null name, adds an unlisted one). */
    private static byte[] rewrite(byte[] zip, String name, java.util.function.UnaryOperator<byte[]> change)
            throws Exception {
        Map<String, byte[]> entries = entries(zip);
        if (name == null) {
            entries.put("f/999", new byte[] {1, 2, 3});
        } else {
            entries.put(name, change.apply(entries.get(name)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}

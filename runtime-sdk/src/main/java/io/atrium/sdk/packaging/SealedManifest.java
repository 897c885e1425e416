package io.atrium.sdk.packaging;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The signed table of contents of a sealed package.
 *
 * @param format        {@value #FORMAT}
 * @param miniProgramId the mini-program it belongs to
 * @param version       the version it is
 * @param keyId         the platform key that signed it
 * @param files         every file, in the order of the original package
 */
@JsonPropertyOrder({"format", "miniProgramId", "version", "keyId", "files"})
public record SealedManifest(String format, String miniProgramId, String version, String keyId, List<File> files) {

    public static final String FORMAT = "atrium-sealed/1";

    public SealedManifest {
        files = List.copyOf(files);
    }

    /**
     * One sealed file.
     *
     * @param path         its path in the package
     * @param size         plaintext size
     * @param sha256       plaintext SHA-256, hex
     * @param entry        the name of its ciphertext inside the sealed archive
     * @param nonce        the AES-GCM nonce, base64
     * @param cipherSha256 SHA-256 of the ciphertext (with tag), hex: checked before anything is decrypted
     */
    @JsonPropertyOrder({"path", "size", "sha256", "entry", "nonce", "cipherSha256"})
    public record File(String path, long size, String sha256, String entry, String nonce, String cipherSha256) {}

    /** The associated data a file's ciphertext is bound to: it cannot be moved to another path or package. */
    static String associatedData(String miniProgramId, String version, String path) {
        return "atrium/v1\n" + miniProgramId + "\n" + version + "\n" + path;
    }
}

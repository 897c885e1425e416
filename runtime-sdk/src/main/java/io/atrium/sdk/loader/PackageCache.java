package io.atrium.sdk.loader;

import io.atrium.sdk.LaunchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Sealed packages on the host's disk, by digest: {@code <dir>/<sha256>.sealed}, and
 * {@code <sha256>.part} while a download is unfinished (so the next attempt resumes). It only ever
 * holds sealed (encrypted) packages; plaintext is never written here.
 */
public final class PackageCache {

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public PackageCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the package cache " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The package with this digest: from the cache when it is there and intact, otherwise after
     * {@code download} has filled the part file (resuming what is there).
     *
     * @throws LaunchException TAMPERED when the downloaded bytes do not match the digest
     */
    public byte[] get(String digest, long size, Consumer<Path> download) {
        if (!DIGEST.matcher(digest).matches()) {
            throw new LaunchException(
                    LaunchException.Reason.TAMPERED, "the package digest is not a SHA-256: " + digest);
        }
        Path sealed = dir.resolve(digest + ".sealed");
        Path part = dir.resolve(digest + ".part");
        try {
            if (Files.isRegularFile(sealed)) {
                byte[] bytes = Files.readAllBytes(sealed);
                if (digest.equals(sha256(bytes))) {
                    return bytes;
                }
                Files.delete(sealed);
            }
            download.accept(part);
            byte[] bytes = Files.readAllBytes(part);
            if (bytes.length != size || !digest.equals(sha256(bytes))) {
                Files.deleteIfExists(part);
                throw new LaunchException(
                        LaunchException.Reason.TAMPERED, "the downloaded package does not match its digest " + digest);
            }
            Files.move(part, sealed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } catch (IOException e) {
            throw new LaunchException(
                    LaunchException.Reason.UNREACHABLE,
                    "cannot use the package cache " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

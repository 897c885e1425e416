package io.atrium.sdk.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@link PackageStore} on a local folder: {@code <root>/sha256/<2 hex>/<64 hex>}. Content is written
 * to a temporary file in the same folder tree and moved into place atomically, so a crash never
 * leaves a half-written blob under a valid address.
 */
public final class FileSystemPackageStore implements PackageStore {

    private final Path root;
    private final Path incoming;

    public FileSystemPackageStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve("incoming");
        Files.createDirectories(incoming);
    }

    @Override
    public StoredBlob put(InputStream in, long maxBytes) throws IOException {
        Path temp = Files.createTempFile(incoming, "blob-", ".part");
        try {
            MessageDigest sha = sha256();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(temp)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new BlobTooLargeException(maxBytes);
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            Path target = pathOf(digest);
            if (Files.exists(target)) {
                return new StoredBlob(digest, size, false);
            }
            Files.createDirectories(target.getParent());
            try {
                // A hard link creates the target only if it is absent, atomically; a rename would
                // silently replace it, and two concurrent puts would both claim to have created it.
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return new StoredBlob(digest, size, false);
            } catch (UnsupportedOperationException e) {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e2) {
                    throw new IOException(
                            "the package store needs a filesystem with hard links or atomic renames: " + root, e2);
                }
            }
            return new StoredBlob(digest, size, true);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream open(String digest) throws IOException {
        try {
            return Files.newInputStream(pathOf(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    @Override
    public long size(String digest) throws IOException {
        Path path = pathOf(digest);
        return Files.exists(path) ? Files.size(path) : -1;
    }

    @Override
    public boolean exists(String digest) {
        return Files.exists(pathOf(digest));
    }

    @Override
    public boolean delete(String digest) throws IOException {
        return Files.deleteIfExists(pathOf(digest));
    }

    /** The file holding a blob, for serving it directly (with ranges); empty when there is none. */
    public java.util.Optional<Path> locate(String digest) {
        Path path = pathOf(digest);
        return Files.exists(path) ? java.util.Optional.of(path) : java.util.Optional.empty();
    }

    private Path pathOf(String digest) {
        PackageStore.requireDigest(digest);
        return root.resolve("sha256").resolve(digest.substring(0, 2)).resolve(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "FileSystemPackageStore[" + root + "]";
    }
}

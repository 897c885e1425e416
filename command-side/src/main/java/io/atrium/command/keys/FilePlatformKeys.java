package io.atrium.command.keys;

import io.atrium.sdk.packaging.PlatformKey;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the platform keys as files in a folder (by default {@code <data-dir>/keys}), generating them
 * on first start: {@code platform-ed25519.key} (PKCS#8), {@code platform-ed25519.pub} (X.509) and
 * {@code master.key} (32 random bytes), readable by the owner only. Several nodes share keys by
 * sharing the folder (a mounted secret in Kubernetes).
 */
public final class FilePlatformKeys implements PlatformKeys {

    private static final Logger LOG = LoggerFactory.getLogger(FilePlatformKeys.class);

    private final PlatformKey signingKey;
    private final byte[] masterKey;

    public FilePlatformKeys(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path privateFile = dir.resolve("platform-ed25519.key");
        Path publicFile = dir.resolve("platform-ed25519.pub");
        Path masterFile = dir.resolve("master.key");
        if (!Files.exists(privateFile)) {
            PlatformKey generated = PlatformKey.generate();
            // Public half first: a reader that sees the private file always finds its public half.
            createOnce(publicFile, generated.publicKey().getEncoded());
            if (createOnce(
                    privateFile,
                    Objects.requireNonNull(generated.privateKey(), "generate() makes both halves")
                            .getEncoded())) {
                LOG.info("Generated the platform signing key {} in {}", generated.keyId(), dir);
            }
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        createOnce(masterFile, fresh);
        this.signingKey = PlatformKey.fromEncoded(Files.readAllBytes(privateFile), Files.readAllBytes(publicFile));
        this.masterKey = Files.readAllBytes(masterFile);
        if (masterKey.length != 32) {
            throw new IOException(masterFile + " must hold 32 bytes, holds " + masterKey.length);
        }
    }

    /** Writes {@code content} to {@code target} unless it exists; true when this call created it. */
    private static boolean createOnce(Path target, byte[] content) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        Path temp = Files.createTempFile(target.getParent(), ".key-", ".tmp");
        try {
            restrict(temp);
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX filesystem; the folder's own protection has to do.
        }
    }

    @Override
    public PlatformKey signingKey() {
        return signingKey;
    }

    @Override
    public byte[] masterKey() {
        return masterKey.clone();
    }
}

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
            // Nodes of a cluster may start together on one empty shared folder. The private half is
            // created only if absent (atomically); whoever creates it writes its public half, and
            // the others wait until the public half on disk matches the private one they found.
            if (createOnce(
                    privateFile,
                    Objects.requireNonNull(generated.privateKey(), "generate() makes both halves")
                            .getEncoded())) {
                replace(publicFile, generated.publicKey().getEncoded());
                LOG.info("Generated the platform signing key {} in {}", generated.keyId(), dir);
            }
        }
        awaitMatchingHalves(privateFile, publicFile);
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        createOnce(masterFile, fresh);
        this.signingKey = PlatformKey.fromEncoded(Files.readAllBytes(privateFile), Files.readAllBytes(publicFile));
        this.masterKey = Files.readAllBytes(masterFile);
        if (masterKey.length != 32) {
            throw new IOException(masterFile + " must hold 32 bytes, holds " + masterKey.length);
        }
    }

    /**
     * Writes {@code content} to {@code target} unless it exists; true when this call created it. A hard
     * link creates the target only if it is absent, atomically (a rename would replace a file another
     * node created meanwhile); without hard links, a rename that refuses an existing target.
     */
    private static boolean createOnce(Path target, byte[] content) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        Path temp = Files.createTempFile(target.getParent(), ".key-", ".tmp");
        try {
            restrict(temp);
            Files.write(temp, content);
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noLinks) {
                if (noLinks instanceof FileAlreadyExistsException) {
                    return false;
                }
                Files.move(temp, target);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code content} to {@code target} in one step, replacing what is there. */
    private static void replace(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".key-", ".tmp");
        try {
            Files.write(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Waits (briefly) until the public half on disk belongs to the private half on disk. */
    private static void awaitMatchingHalves(Path privateFile, Path publicFile) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (Files.exists(publicFile) && matches(Files.readAllBytes(privateFile), Files.readAllBytes(publicFile))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(publicFile + " does not belong to " + privateFile
                        + " (another node was writing them); remove both to generate a new pair");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the platform key's public half", e);
            }
        }
    }

    private static boolean matches(byte[] pkcs8Private, byte[] x509Public) {
        try {
            PlatformKey pair = PlatformKey.fromEncoded(pkcs8Private, x509Public);
            byte[] probe = "atrium platform key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(Objects.requireNonNull(pair.privateKey(), "a pair has its private half"));
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
            verifier.initVerify(pair.publicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
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

package io.atrium.sdk.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Content-addressed storage of package blobs: a blob's address is the lower-case hex SHA-256 of its
 * bytes, so storing the same bytes twice stores them once and a stored blob can be checked against
 * its address. Adapters: {@link FileSystemPackageStore}; an S3-compatible one can follow.
 */
public interface PackageStore {

    /** The form every digest has. */
    Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    /**
     * A stored blob.
     *
     * @param digest  lower-case hex SHA-256 of the content
     * @param size    bytes
     * @param created whether this call stored it (false: it was already there)
     */
    record StoredBlob(String digest, long size, boolean created) {}

    /**
     * Stores the content of {@code in}, reading it to its end; a blob appears whole or not at all.
     *
     * @param maxBytes refuse (with {@link BlobTooLargeException}) and store nothing past this many bytes
     */
    StoredBlob put(InputStream in, long maxBytes) throws IOException;

    /** Opens a stored blob for reading. @throws BlobNotFoundException when there is none */
    InputStream open(String digest) throws IOException;

    /** The size of a stored blob, or -1 when there is none. */
    long size(String digest) throws IOException;

    boolean exists(String digest) throws IOException;

    /** Removes a blob; true when there was one. */
    boolean delete(String digest) throws IOException;

    /** Checks a digest's form before it is used to address anything. */
    static String requireDigest(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + digest);
        }
        return digest;
    }

    /** A put went past its byte limit; nothing was stored. */
    class BlobTooLargeException extends IOException {
        public BlobTooLargeException(long maxBytes) {
            super("blob is larger than " + maxBytes + " bytes");
        }
    }

    /** No blob has the digest asked for. */
    class BlobNotFoundException extends IOException {
        public BlobNotFoundException(String digest) {
            super("no blob " + digest);
        }
    }
}

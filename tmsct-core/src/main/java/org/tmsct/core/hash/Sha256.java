package org.tmsct.core.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers. Every Java runtime is required to provide SHA-256, so lookups cannot fail. */
public final class Sha256 {

    /** Digest length in bytes. */
    public static final int LENGTH = 32;

    // MessageDigest is not thread-safe and getInstance() is comparatively slow on hot paths
    // (Bloom filter indexing hashes every item), so each thread keeps one instance.
    private static final ThreadLocal<MessageDigest> DIGEST =
            ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    /** Returns a fresh, unshared SHA-256 {@link MessageDigest}. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    /** SHA-256 of {@code data}. */
    public static byte[] digest(byte[] data) {
        MessageDigest md = DIGEST.get();
        md.reset();
        return md.digest(data);
    }

    /**
     * SHA-256 of one prefix byte followed by the given parts, in order (used for domain-separated
     * hashing).
     */
    public static byte[] digest(byte prefix, byte[]... parts) {
        MessageDigest md = DIGEST.get();
        md.reset();
        md.update(prefix);
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    /** Lowercase hex SHA-256 of {@code data}. */
    public static String hex(byte[] data) {
        return Hex.encode(digest(data));
    }
}

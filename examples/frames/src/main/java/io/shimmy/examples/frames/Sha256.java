package io.shimmy.examples.frames;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256, which every Java runtime has.
 */
final class Sha256 {
    private Sha256() {
    }

    /**
     * A new digest.
     *
     * @return SHA-256.
     */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException("this Java runtime has no SHA-256", ex);
        }
    }
}

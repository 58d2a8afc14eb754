package io.shimmy.mirror;

import io.shimmy.InvalidConfigurationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret both ends of a mirror share, and the challenge-response proofs made with it: HMAC-SHA256 over both
 * sides' random nonces and a role label, so the secret never crosses the wire and a recorded proof is worthless
 * in another session. Both sides prove it: a sender never ships a topic to an impostor.
 */
public final class MirrorSecret {
    /** Environment variable holding the secret. */
    public static final String ENV = "SHIMMY_MIRROR_SECRET";
    /** Environment variable naming a file that holds the secret. */
    public static final String FILE_ENV = "SHIMMY_MIRROR_SECRET_FILE";
    /** Shortest secret accepted, in bytes. */
    public static final int MIN_LENGTH = 16;
    /** Length of a nonce and of a proof. */
    public static final int PROOF_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;

    private MirrorSecret(final byte[] key) {
        if (key.length < MIN_LENGTH) {
            throw new InvalidConfigurationException("the mirror secret has " + key.length + " bytes; use at least " +
                MIN_LENGTH + " (for example: head -c 32 /dev/urandom | base64 > secret)");
        }
        this.key = key.clone();
    }

    /**
     * A secret given as text.
     *
     * @param secret at least {@link #MIN_LENGTH} bytes of UTF-8.
     * @return the secret.
     */
    public static MirrorSecret of(final String secret) {
        return new MirrorSecret(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A secret read from a file (surrounding white space ignored). The file should be readable by its owner only.
     *
     * @param file holding the secret.
     * @return the secret.
     */
    public static MirrorSecret fromFile(final Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (final IOException ex) {
            throw new InvalidConfigurationException("cannot read the mirror secret from " + file + ": " + ex +
                "; check the path and its permissions");
        }
    }

    /**
     * The secret from {@code --secret-file}, else {@value #FILE_ENV}, else {@value #ENV}.
     *
     * @param file a file given explicitly, or null.
     * @return the secret.
     * @throws InvalidConfigurationException if none is given.
     */
    public static MirrorSecret resolve(final Path file) {
        if (file != null) {
            return fromFile(file);
        }
        final String fromFile = System.getenv(FILE_ENV);
        if (fromFile != null && !fromFile.isEmpty()) {
            return fromFile(Path.of(fromFile));
        }
        final String value = System.getenv(ENV);
        if (value != null && !value.isEmpty()) {
            return of(value);
        }
        throw new InvalidConfigurationException("no mirror secret: give --secret-file FILE, or set " + FILE_ENV +
            " or " + ENV + " (the same secret on both hosts, at least " + MIN_LENGTH + " bytes)");
    }

    /**
     * A fresh random nonce.
     *
     * @return {@link #PROOF_LENGTH} random bytes.
     */
    public static byte[] nonce() {
        final byte[] nonce = new byte[PROOF_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /**
     * The proof of knowing the secret for one role in one session.
     *
     * @param role {@code "sender"} or {@code "receiver"}.
     * @param senderNonce the sender's nonce.
     * @param receiverNonce the receiver's nonce.
     * @param transport the transport's name, so a downgrade by a man in the middle fails the proof.
     * @return the proof.
     */
    public byte[] proof(final String role, final byte[] senderNonce, final byte[] receiverNonce,
        final String transport) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(("shimmy-mirror/" + role + "/" + transport + "/").getBytes(StandardCharsets.US_ASCII));
            mac.update(senderNonce);
            mac.update(receiverNonce);
            return mac.doFinal();
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", ex);
        }
    }

    /**
     * Compares a proof in constant time.
     *
     * @param expected the proof computed here.
     * @param actual the proof received.
     * @return true if equal.
     */
    public static boolean matches(final byte[] expected, final byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    @Override
    public String toString() {
        return "MirrorSecret[" + key.length + " bytes]";
    }

    /**
     * Forgets the key bytes of this copy.
     */
    public void destroy() {
        Arrays.fill(key, (byte)0);
    }
}

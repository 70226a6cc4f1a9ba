package io.colortracking.common.keys;

import io.colortracking.events.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A key's read token: the secret that reads its visitors' behaviour (live cursors, sessions,
 * replay), unlike the public key every page carries. 256 random bits, shown once when made; only
 * its SHA-256 is stored and published ({@link ApiKey#readTokenSha256()}). A plain hash is enough
 * for a random secret of that size (nothing to guess from a dictionary).
 */
public final class ReadTokens {

    /** Longer tokens are refused before hashing. */
    public static final int MAX_LENGTH = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ReadTokens() {}

    /** A new token: {@code rt_} and 43 characters of base64url. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "rt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token's SHA-256, lower-case hex: what is stored and compared. */
    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}

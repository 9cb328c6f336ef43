package dev.torsion.websocket.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Random;

/**
 * The {@code Sec-WebSocket-Key} nonce and the {@code Sec-WebSocket-Accept} value derived from it
 * (RFC 6455 sections 1.3, 4.1 and 4.2.2).
 *
 * <p>A key is the base64 encoding of 16 random bytes. The accept value is the base64 encoding of the SHA-1
 * digest of the key (as sent, not decoded) followed by the GUID {@value #GUID}.
 *
 * <p>Stateless utility; every method is safe from any thread. {@link #generate()} uses one shared
 * {@link SecureRandom}, which is thread-safe.
 */
public final class WebSocketKey {

    /** The globally unique identifier RFC 6455 appends to the key before hashing. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** The number of random bytes in a key. */
    public static final int NONCE_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebSocketKey() {
    }

    /** A fresh key from 16 bytes of a shared {@link SecureRandom}. */
    public static String generate() {
        return generate(RANDOM);
    }

    /** A fresh key from 16 bytes of {@code random} (tests pass a seeded one to get a known key). */
    public static String generate(Random random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * True when {@code key} is the canonical base64 encoding (with padding) of exactly 16 bytes: 24
     * characters of the standard alphabet ending in {@code ==}, unused bits zero.
     */
    public static boolean isValid(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return decoded.length == NONCE_BYTES && Base64.getEncoder().encodeToString(decoded).equals(key);
    }

    /**
     * The {@code Sec-WebSocket-Accept} value for {@code key}:
     * {@code base64(SHA-1(key + GUID))}. The key is used as given; callers validate it first.
     */
    public static String accept(String key) {
        Objects.requireNonNull(key, "key");
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform must provide SHA-1 (MessageDigest's class documentation).
            throw new IllegalStateException("SHA-1 is not available", impossible);
        }
        byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
    }
}

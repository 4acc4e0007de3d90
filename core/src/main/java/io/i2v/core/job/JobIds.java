package io.i2v.core.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Job ids: {@code job_} + 26 base32 characters (130 bits), URL-safe. Random ids are unguessable;
 * derived ids hash an identity (idempotency key, S3 object, message id) so a repeat is one job.
 */
public final class JobIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern VALID = Pattern.compile("job_[a-z2-7]{26}");
    private final SecureRandom random;

    public JobIds(SecureRandom random) {
        this.random = random;
    }

    public String random() {
        byte[] b = new byte[17];
        random.nextBytes(b);
        return "job_" + base32(b);
    }

    /** Fresh random bytes (trace ids and the like) from the same source. */
    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The same parts always give the same id; parts are separated so ("ab","c") != ("a","bc"). */
    public static String derived(String namespace, String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(namespace.getBytes(StandardCharsets.UTF_8));
            for (String p : parts) {
                sha.update((byte) 0);
                sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
            }
            return "job_" + base32(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    private static String base32(byte[] bytes) {
        StringBuilder sb = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && sb.length() < 26) {
                sb.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return sb.toString();
    }
}

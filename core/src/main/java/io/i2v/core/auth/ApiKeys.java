package io.i2v.core.auth;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bearer API keys, each naming its owner ({@code i2v.api.keys=alice=KEY1,bob=KEY2}, env
 * {@code I2V_API_KEYS}). With no keys configured (local mode) every caller is the one owner
 * {@link #ANONYMOUS}. Keys are kept only as SHA-256 digests and compared in constant time; a
 * key never appears in a message or log line.
 */
@ApplicationScoped
public class ApiKeys {
    /** The owner of every job when API keys are off. */
    public static final String ANONYMOUS = "api";

    private record Entry(String owner, byte[] digest) {}

    private final List<Entry> entries;

    @Inject
    public ApiKeys(I2vConfig config) {
        this(config.api().keys().orElse(List.of()));
    }

    public ApiKeys(List<String> ownerEqualsKey) {
        List<Entry> list = new ArrayList<>();
        for (String pair : ownerEqualsKey) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                // say which entry without echoing the key
                throw new IllegalArgumentException(
                        "i2v.api.keys entries are owner=key; entry #" + (list.size() + 1) + " is not");
            }
            list.add(new Entry(
                    pair.substring(0, eq).strip(), digest(pair.substring(eq + 1).strip())));
        }
        this.entries = List.copyOf(list);
    }

    public boolean enabled() {
        return !entries.isEmpty();
    }

    /** The owner for an Authorization header value; unauthorized when keys are on and it names none. */
    public String owner(String authorization) {
        if (!enabled()) {
            return ANONYMOUS;
        }
        String key = Optional.ofNullable(authorization)
                .filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(a -> a.substring(7).strip())
                .orElse("");
        if (key.isEmpty()) {
            throw new I2vException(ErrorCode.UNAUTHORIZED, "this API needs an API key: Authorization: Bearer <key>");
        }
        byte[] given = digest(key);
        String found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), given) && found == null) {
                found = e.owner();
            }
        }
        if (found == null) {
            throw new I2vException(ErrorCode.UNAUTHORIZED, "the API key is not valid");
        }
        return found;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

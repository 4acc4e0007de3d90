package io.i2v.core.webhook;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.net.AddressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks a job's webhook URL at intake: absolute https (plain http only where loopback is
 * allowed, for local development), a host, no credentials, and — when the host is an IP
 * literal — an address the {@link AddressPolicy} allows. Host names are checked again at
 * connect time by the worker, against every address they resolve to.
 */
public final class WebhookUrls {
    private static final int MAX_LENGTH = 2048;

    private WebhookUrls() {
    }

    public static String validate(String url, AddressPolicy policy) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.length() > MAX_LENGTH) {
            throw refused("webhookUrl is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw refused("webhookUrl is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean http = scheme.equals("http") && policy.allowLoopback();
        if (!scheme.equals("https") && !http) {
            throw refused("webhookUrl must be https://…; got scheme \"" + scheme + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw refused("webhookUrl has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("webhookUrl must not carry credentials");
        }
        String host = uri.getHost();
        if (isIpLiteral(host)) {
            try {
                InetAddress address = InetAddress.getByName(host);
                String why = policy.refusal(address);
                if (why != null) {
                    throw refused("webhookUrl points to " + why + "; only public addresses are allowed");
                }
            } catch (UnknownHostException e) {
                throw refused("webhookUrl host is not a valid address");
            }
        }
        return uri.toString();
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')
                || host.contains(":");
    }

    private static I2vException refused(String message) {
        return new I2vException(ErrorCode.URL_NOT_ALLOWED, message);
    }
}

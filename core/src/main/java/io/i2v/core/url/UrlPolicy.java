package io.i2v.core.url;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which image URLs we fetch, checked at intake and again by the worker for every address it
 * connects to (and every redirect): https only (http only when configured for local use), and
 * never an address inside a network — loopback, link-local, private, unique-local, multicast,
 * unspecified, carrier-grade NAT, benchmarking or reserved ranges — so a URL cannot reach the
 * metadata service or internal hosts. The worker connects to exactly the address checked here,
 * so a DNS answer that changes between check and connect (rebinding) changes nothing.
 *
 * <p>{@code i2v.intake.url-exempt-endpoints} lists address:port pairs let through anyway. It
 * exists only so tests and local development can serve images from this machine; production
 * leaves it empty, and every other address on the same host stays refused.
 */
@ApplicationScoped
public class UrlPolicy {
    private final boolean allowHttp;
    private final Set<String> exempt;

    @jakarta.inject.Inject
    public UrlPolicy(I2vConfig config) {
        this(config.intake().allowHttpUrls(), config.intake().urlExemptEndpoints().orElse(List.of()));
    }

    public UrlPolicy(boolean allowHttp, List<String> exemptEndpoints) {
        this.allowHttp = allowHttp;
        this.exempt = exemptEndpoints.stream().map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Scheme, host and, when the host is an address literal, the address; DNS names are checked by {@link #resolve}. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw refused("image url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (scheme.equals("http") && allowHttp))) {
            throw refused("image urls must use https" + (allowHttp ? " or http" : "") + "; got \""
                    + (scheme.isEmpty() ? url : scheme + "://") + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused("image url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("image urls must not carry credentials");
        }
        String host = host(uri);
        if (isAddressLiteral(host)) {
            checkAddress(literal(host), port(uri));
        }
        return uri;
    }

    /** Every address the host resolves to, each checked: one internal answer refuses the URL. */
    public List<InetAddress> resolve(URI uri) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host(uri));
        } catch (UnknownHostException e) {
            throw new I2vException(ErrorCode.URL_FETCH_FAILED, "image url host " + host(uri) + " does not resolve");
        }
        for (InetAddress a : all) {
            checkAddress(a, port(uri));
        }
        return List.of(all);
    }

    /** Refuses an address unless it is public (or an explicitly exempt address:port). */
    public void checkAddress(InetAddress address, int port) {
        if (!isPublic(address) && !exempt.contains(address.getHostAddress() + ":" + port)
                && !exempt.contains("[" + address.getHostAddress() + "]:" + port)) {
            throw refused("image url points to a non-public address (" + kind(address) + ")");
        }
    }

    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            return !(o0 == 0                                   // "this network"
                    || (o0 == 100 && (o1 & 0xc0) == 64)        // 100.64/10 carrier-grade NAT
                    || (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) // 192.0.0/24 protocol assignments
                    || (o0 == 198 && (o1 & 0xfe) == 18)        // 198.18/15 benchmarking
                    || o0 >= 240);                             // 240/4 reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
                return false; // fe80::/10 (isLinkLocalAddress covers it; kept explicit)
            }
            // addresses that embed an IPv4 address: judge the embedded one
            if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublic(v4(b, 12)); // ::ffff:a.b.c.d
            }
            if (isZero(b, 0, 12)) {
                return false; // ::a.b.c.d (deprecated compatible), ::, ::1
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublic(v4(b, 12)); // 64:ff9b::/96 NAT64
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublic(v4(b, 2)); // 2002::/16 6to4
            }
            return true;
        }
        return false;
    }

    private static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        return "private or reserved";
    }

    private static InetAddress v4(byte[] b, int from) {
        try {
            return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The URL fit for records and logs: no user info, query or fragment, where signed URLs carry
     * their tokens ({@code X-Amz-Signature=…}).
     */
    public static String withoutSecrets(String url) {
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (Exception e) {
            return "(unparseable url)";
        }
    }

    public static String host(URI uri) {
        String h = uri.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+") || host.matches("(?i)0x[0-9a-f.x]+");
    }

    private static InetAddress literal(String host) {
        try {
            // a literal never goes to DNS; odd IPv4 spellings (0x7f.1, 2130706433) fail to parse and are refused
            if (!host.contains(":") && !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw refused("image url host \"" + host + "\" is not a valid address");
            }
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw refused("image url host \"" + host + "\" is not a valid address");
        }
    }

    private static I2vException refused(String message) {
        return new I2vException(ErrorCode.URL_NOT_ALLOWED, message);
    }
}

package io.i2v.core.net;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for URLs that callers give us (image URLs, webhooks), applied at intake and again
 * by the worker's guarded client for every connection and every redirect: an allowed scheme
 * ({@code i2v.outbound.schemes}, https by default), a host, no credentials, and only public
 * addresses ({@link AddressRanges}); a host written as an IP literal is read by
 * {@link IpLiterals} and must be written the usual way. {@code i2v.outbound.exempt-endpoints}
 * lets listed address:port pairs through anyway — only so tests and local development can talk
 * to this machine; production leaves it empty.
 */
@ApplicationScoped
public class OutboundPolicy {
    private final List<String> schemes;
    private final List<ExemptEndpoint> exempt;

    @Inject
    public OutboundPolicy(I2vConfig config) {
        this(config.outbound().schemes(), config.outbound().exemptEndpoints().orElse(List.of()));
    }

    public OutboundPolicy(List<String> schemes, List<String> exemptEndpoints) {
        this.schemes = schemes.stream()
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        this.exempt = exemptEndpoints.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(ExemptEndpoint::parse)
                .toList();
    }

    /** Production's rule: https to public addresses, nothing exempt. */
    public static OutboundPolicy publicHttpsOnly() {
        return new OutboundPolicy(List.of("https"), List.of());
    }

    /** Scheme, host, credentials and, for an address literal, the address; DNS names are checked where they resolve. */
    public URI check(String url, UrlUse use) {
        if (url.length() > use.maxLength()) {
            throw refused(use.label() + " is longer than " + use.maxLength() + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(use.label() + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw refused(use.schemeRefused(url, scheme, schemes));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw refused(
                    looksLikeAddress(uri.getRawAuthority())
                            ? use.invalidAddress(uri.getRawAuthority())
                            : use.label() + " has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(use.plural() + " must not carry credentials");
        }
        Optional<IpLiterals.Literal> literal;
        try {
            literal = IpLiterals.parse(uri.getHost());
        } catch (IpLiterals.Invalid e) {
            throw refused(use.invalidAddress(uri.getHost()));
        }
        if (literal.isPresent()) {
            if (!literal.get().canonical()) {
                throw refused(use.invalidAddress(uri.getHost())); // 0x7f.1, 2130706433: one spelling only
            }
            refusal(literal.get().address(), port(uri)).ifPresent(kind -> {
                throw refused(use.addressRefused(kind));
            });
        }
        return uri;
    }

    /**
     * {@link #check} plus, for a DNS name, every address it resolves to now, so a caller learns at
     * once; a name that does not resolve is left to the connection, which checks again.
     */
    public URI admit(String url, UrlUse use) {
        URI uri = check(url, use);
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host(uri));
        } catch (UnknownHostException e) {
            return uri;
        }
        for (InetAddress a : all) {
            refusal(a, port(uri)).ifPresent(kind -> {
                throw refused(use.addressRefused(kind));
            });
        }
        return uri;
    }

    /** Why a connection to address:port is refused (its kind: "loopback", …), or empty when it is allowed. */
    public Optional<String> refusal(InetAddress address, int port) {
        if (AddressRanges.isPublic(address) || exempt.stream().anyMatch(e -> e.covers(address, port))) {
            return Optional.empty();
        }
        return Optional.of(AddressRanges.kind(address));
    }

    /** Like {@link #refusal(InetAddress, int)} before the port is known: exempt on some port counts as allowed. */
    public Optional<String> refusal(InetAddress address) {
        if (AddressRanges.isPublic(address)
                || exempt.stream().anyMatch(e -> e.address().equals(address))) {
            return Optional.empty();
        }
        return Optional.of(AddressRanges.kind(address));
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

    /** java.net.URI leaves the host out when it is neither a name nor a dotted quad ({@code 0x7f.0.0.1}). */
    private static boolean looksLikeAddress(String authority) {
        if (authority == null || authority.contains("@")) {
            return false;
        }
        try {
            return IpLiterals.parse(authority.replaceFirst(":[0-9]*$", "")).isPresent();
        } catch (IpLiterals.Invalid e) {
            return true;
        }
    }

    private static I2vException refused(String message) {
        return new I2vException(ErrorCode.URL_NOT_ALLOWED, message);
    }

    /** "127.0.0.1:8089", "[::1]:8089", or "127.0.0.1:*" for every port of one address. */
    record ExemptEndpoint(InetAddress address, int port) {
        static ExemptEndpoint parse(String entry) {
            int colon = entry.lastIndexOf(':');
            try {
                Optional<IpLiterals.Literal> literal =
                        colon > 0 ? IpLiterals.parse(entry.substring(0, colon)) : Optional.empty();
                String port = entry.substring(colon + 1);
                boolean bareV6 = colon > 0 && entry.substring(0, colon).contains(":") && !entry.startsWith("[");
                if (bareV6 || literal.isEmpty() || !literal.get().canonical() || !port.matches("\\*|[0-9]{1,5}")) {
                    throw new IllegalArgumentException();
                }
                return new ExemptEndpoint(literal.get().address(), port.equals("*") ? 0 : Integer.parseInt(port));
            } catch (IpLiterals.Invalid | IllegalArgumentException e) {
                throw new IllegalArgumentException("i2v.outbound.exempt-endpoints: \"" + entry
                        + "\" is not address:port (for example 127.0.0.1:8089, [::1]:8089 or 127.0.0.1:*)");
            }
        }

        boolean covers(InetAddress a, int p) {
            return address.equals(a) && (port == 0 || port == p);
        }
    }
}

package io.i2v.core.net;

import io.i2v.core.url.UrlPolicy;
import java.net.InetAddress;

/**
 * Which addresses the service may connect to for a webhook: public unicast only, by the same
 * rule as image URLs ({@link UrlPolicy#isPublic}: no loopback, link-local such as
 * 169.254.169.254, private, unique-local, carrier-grade NAT, multicast, unspecified or reserved,
 * also when embedded in an IPv6 address). {@code allowLoopback} exists for local development
 * and tests only.
 */
public record AddressPolicy(boolean allowLoopback) {
    public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);

    /** Why {@code address} is refused, or null when it is allowed. */
    public String refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        if (UrlPolicy.isPublic(address)) {
            return null;
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        return "a private or reserved address";
    }

    public boolean allows(InetAddress address) {
        return refusal(address) == null;
    }
}

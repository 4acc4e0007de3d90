package io.i2v.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which network addresses the service may connect to on a caller's behalf (image URLs, webhooks):
 * public unicast only. Refused: loopback, link-local (169.254.0.0/16 — cloud metadata —, fe80::/10),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), multicast,
 * unspecified and broadcast, also when written as an IPv4-mapped or -compatible IPv6 address.
 * {@code allowLoopback} exists for local development and tests only.
 */
public record AddressPolicy(boolean allowLoopback) {
    public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);

    /** Why {@code address} is refused, or null when it is allowed. */
    public String refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "an address in 0.0.0.0/8";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "a carrier-grade NAT address";
            }
            if (first == 255 && (b[1] & b[2] & b[3] & 0xff) == 0xff) {
                return "the broadcast address";
            }
        } else if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a private (unique local) address";
        }
        return null;
    }

    public boolean allows(InetAddress address) {
        return refusal(address) == null;
    }

    /** IPv4-mapped (::ffff:a.b.c.d) and -compatible (::a.b.c.d) addresses are judged as the IPv4 address. */
    private static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return address;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }
}

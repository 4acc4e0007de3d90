package io.i2v.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses are public: not loopback, link-local (169.254/16 with the metadata service,
 * fe80::/10), private (10/8, 172.16/12, 192.168/16), unique-local (fc00::/7), multicast,
 * unspecified, carrier-grade NAT, benchmarking or reserved — also when an IPv6 address embeds such
 * an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
 */
public final class AddressRanges {
    private AddressRanges() {}

    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            return !(o0 == 0 // "this network"
                    || (o0 == 100 && (o1 & 0xc0) == 64) // 100.64/10 carrier-grade NAT
                    || (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) // 192.0.0/24 protocol assignments
                    || (o0 == 198 && (o1 & 0xfe) == 18) // 198.18/15 benchmarking
                    || o0 >= 240); // 240/4 reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
                return false; // fe80::/10 (isLinkLocalAddress covers it; kept explicit)
            }
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

    /** What kind of non-public address this is, for messages: "loopback", "link-local", …. */
    public static String kind(InetAddress a) {
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

    /** "a loopback address", "the unspecified address", …. */
    public static String described(String kind) {
        return kind.equals("unspecified") ? "the unspecified address" : "a " + kind + " address";
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
}

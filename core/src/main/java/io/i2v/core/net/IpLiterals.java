package io.i2v.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one reading of a URL host written as an IP address. A host whose last label is a number
 * (decimal, octal with a leading 0, hex with 0x) is an IPv4 literal, as browsers and
 * {@code inet_aton} read it ({@code 2130706433}, {@code 0x7f.1} and {@code 017700000001} all mean
 * 127.0.0.1); one with a colon is IPv6. Nothing here goes to DNS.
 */
public final class IpLiterals {
    private IpLiterals() {}

    /** A host read as an address; {@code canonical} when it was written as the usual four decimal parts or as IPv6. */
    public record Literal(InetAddress address, boolean canonical) {}

    /** Thrown for a host that looks like an address but is not a valid one ({@code 1.2.3.256}, {@code [::g]}). */
    public static final class Invalid extends Exception {
        Invalid() {
            super(null, null, false, false);
        }
    }

    /** The address {@code host} stands for, or empty when it is a DNS name. Brackets around IPv6 are optional. */
    public static Optional<Literal> parse(String host) throws Invalid {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.contains(":")) {
            return Optional.of(new Literal(v6(h), true));
        }
        String trimmed = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        String[] parts = trimmed.split("\\.", -1);
        if (trimmed.isEmpty() || !isNumber(parts[parts.length - 1])) {
            return Optional.empty();
        }
        if (parts.length > 4) {
            throw new Invalid();
        }
        long[] values = new long[parts.length];
        boolean canonical = parts.length == 4 && trimmed.equals(h);
        for (int i = 0; i < parts.length; i++) {
            values[i] = number(parts[i]);
            canonical &= parts[i].matches("0|[1-9][0-9]{0,2}");
        }
        return Optional.of(new Literal(v4(values), canonical));
    }

    private static InetAddress v6(String h) throws Invalid {
        if (!h.matches("[0-9A-Fa-f:.]+(%[0-9A-Za-z._~-]+)?")) {
            throw new Invalid();
        }
        try {
            return InetAddress.getByName("[" + h + "]"); // brackets: parsed as a literal, never looked up
        } catch (UnknownHostException e) {
            throw new Invalid();
        }
    }

    private static boolean isNumber(String part) {
        return part.matches("[0-9]+") || part.toLowerCase(Locale.ROOT).matches("0x[0-9a-f]*");
    }

    private static long number(String part) throws Invalid {
        String p = part.toLowerCase(Locale.ROOT);
        try {
            if (p.startsWith("0x")) {
                return p.length() == 2 ? 0 : limited(Long.parseLong(p.substring(2), 16), p.length() > 18);
            }
            if (p.length() > 1 && p.startsWith("0")) {
                return limited(Long.parseLong(p.substring(1), 8), p.length() > 23);
            }
            return limited(Long.parseLong(p), p.length() > 19);
        } catch (NumberFormatException e) {
            throw new Invalid();
        }
    }

    private static long limited(long value, boolean tooLong) throws Invalid {
        if (tooLong || value > 0xffff_ffffL) {
            throw new Invalid();
        }
        return value;
    }

    /** a.b.c.d; a.b.c (c: 16 bits); a.b (b: 24 bits); a (32 bits). */
    private static InetAddress v4(long[] v) throws Invalid {
        long address = 0;
        for (int i = 0; i < v.length - 1; i++) {
            if (v[i] > 255) {
                throw new Invalid();
            }
            address |= v[i] << (8 * (3 - i));
        }
        long last = v[v.length - 1];
        if (last >= 1L << (8 * (5 - v.length))) {
            throw new Invalid();
        }
        address |= last;
        try {
            return InetAddress.getByAddress(
                    new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
                    });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

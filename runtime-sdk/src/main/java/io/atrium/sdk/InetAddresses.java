package io.atrium.sdk;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Which addresses {@code ft.request} may reach. The policy names domains, but a permitted name can
 * resolve anywhere (an internal name, or a DNS record changed after review): unless the host allows
 * private networks, a name that resolves to any loopback, link-local, private, shared or reserved
 * address is refused before a connection is made.
 */
final class InetAddresses {

    /** Resolves as the system does, then refuses a name with any address that is not public. */
    static final Dns PUBLIC_ONLY = hostname -> {
        List<InetAddress> addresses = Dns.SYSTEM.lookup(hostname);
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new UnknownHostException(hostname + " resolves to " + address.getHostAddress()
                        + ", which is not a public address; this host does not allow private networks");
            }
        }
        return addresses;
    };

    private InetAddresses() {}

    /** Whether a URL's host is an IP literal (OkHttp connects to those without asking the resolver). */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    static boolean isPublic(String literal) {
        try {
            // A literal parses without a lookup.
            return isPublic(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // this network
                    && !(first == 100 && second >= 64 && second < 128) // shared (carrier-grade NAT)
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7 (site-local fec0::/10 is caught above)
            }
            // Forms that carry an IPv4 address, which a NAT64 or 6to4 gateway may turn into a
            // private one: judged by that address. Teredo hides its address: refused.
            if (zeros(b, 0, 12)
                    || zeros(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zeros(b, 10, 12)) {
                return isPublic(ipv4(b, 12)); // ::a.b.c.d (compatible) and ::ffff:0:a.b.c.d (translated)
            }
            if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                if (zeros(b, 4, 12)) {
                    return isPublic(ipv4(b, 12)); // 64:ff9b::/96, the well-known NAT64 prefix
                }
                return false; // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): where it carries the address varies
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublic(ipv4(b, 2)); // 2002::/16 (6to4)
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
                return false; // 2001::/32 (Teredo)
            }
            return true;
        }
        return false;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] b, int at) {
        try {
            return InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

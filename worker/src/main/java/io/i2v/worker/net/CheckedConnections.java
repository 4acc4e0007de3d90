package io.i2v.worker.net;

import io.i2v.core.net.AddressRanges;
import io.i2v.core.net.OutboundPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.http.HttpHost;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Where the {@link OutboundPolicy} meets the network. The resolver refuses a host when any of its
 * addresses is not allowed; the socket factories check the exact address and port each socket is
 * about to connect to. Both sit inside the connection, so there is no second DNS lookup between
 * check and connect for a rebinding answer to slip into. TLS (certificate and host name) is the
 * JDK's, against the URL's host.
 */
final class CheckedConnections {
    private CheckedConnections() {}

    static DnsResolver resolver(OutboundPolicy policy, DnsResolver dns) {
        return host -> {
            InetAddress[] addresses = dns.resolve(host);
            for (InetAddress a : addresses) {
                String kind = policy.refusal(a).orElse(null);
                if (kind != null) {
                    throw new GuardedHttp.RefusedAddress(
                            host + " resolves to " + AddressRanges.described(kind) + " (" + a.getHostAddress()
                                    + "); only public addresses are allowed",
                            kind);
                }
            }
            return addresses;
        };
    }

    static Registry<ConnectionSocketFactory> sockets(OutboundPolicy policy) {
        return RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", new Checked(policy, PlainConnectionSocketFactory.getSocketFactory()))
                .register("https", new Checked(policy, SSLConnectionSocketFactory.getSocketFactory()))
                .build();
    }

    private record Checked(OutboundPolicy policy, ConnectionSocketFactory delegate) implements ConnectionSocketFactory {
        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            return delegate.createSocket(context);
        }

        @Override
        public Socket connectSocket(
                int connectTimeout,
                Socket socket,
                HttpHost host,
                InetSocketAddress remote,
                InetSocketAddress local,
                HttpContext context)
                throws IOException {
            String kind = policy.refusal(remote.getAddress(), remote.getPort()).orElse(null);
            if (kind != null) {
                if (socket != null) {
                    socket.close();
                }
                throw new GuardedHttp.RefusedAddress(
                        host.getHostName() + " connects to " + AddressRanges.described(kind) + " ("
                                + remote.getAddress().getHostAddress() + ":" + remote.getPort()
                                + "); only public addresses are allowed",
                        kind);
            }
            return delegate.connectSocket(connectTimeout, socket, host, remote, local, context);
        }
    }
}

package io.i2v.worker.net;

import io.i2v.core.net.AddressPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.conn.DnsResolver;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.apache.http.util.EntityUtils;

/**
 * An HTTP client for URLs that callers give us. The address check happens where the connection
 * is made: the client's resolver returns only addresses the {@link AddressPolicy} allows (and
 * refuses the host if any of its addresses is not allowed), and the socket connects to exactly
 * those — so a DNS answer that changes between check and connect (rebinding) gains nothing.
 * Redirects are never followed; no proxy is used.
 */
public final class GuardedHttp implements Closeable {
    private final CloseableHttpClient client;

    public GuardedHttp(AddressPolicy policy, Duration timeout) {
        int ms = (int) timeout.toMillis();
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                org.apache.http.config.RegistryBuilder.<org.apache.http.conn.socket.ConnectionSocketFactory>create()
                        .register("http", org.apache.http.conn.socket.PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", org.apache.http.conn.ssl.SSLConnectionSocketFactory.getSocketFactory())
                        .build(),
                new CheckedResolver(policy));
        connections.setMaxTotal(50);
        connections.setDefaultMaxPerRoute(4);
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(ms).setSocketTimeout(ms)
                        .setConnectionRequestTimeout(ms).build())
                .build();
    }

    /** A POST of a JSON body; the receiver's HTTP status, or an exception saying why there was none. */
    public int postJson(String url, String body, Map<String, String> headers) throws IOException {
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        try (CloseableHttpResponse response = client.execute(post)) {
            EntityUtils.consumeQuietly(response.getEntity());
            return response.getStatusLine().getStatusCode();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** A host the policy refuses: not retried, the answer will not change. */
    public static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String message) {
            super(message);
        }
    }

    private static final class CheckedResolver implements DnsResolver {
        private final AddressPolicy policy;

        CheckedResolver(AddressPolicy policy) {
            this.policy = policy;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            for (InetAddress a : addresses) {
                String why = policy.refusal(a);
                if (why != null) {
                    throw new RefusedAddress(host + " resolves to " + why + " (" + a.getHostAddress()
                            + "); only public addresses are allowed");
                }
            }
            return addresses;
        }
    }
}

package io.i2v.worker.net;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.net.OutboundPolicy;
import io.i2v.core.net.UrlUse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.DnsResolver;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.apache.http.util.EntityUtils;
import org.jboss.logging.Logger;

/**
 * The one HTTP client for URLs that callers give us (image URLs, webhooks). Every request URL and
 * every redirect target passes the {@link OutboundPolicy}; every connection goes through
 * {@link CheckedConnections}, so the socket connects to exactly the addresses that were checked
 * and DNS rebinding gains nothing. No proxy, no cookies, no automatic retries or decompression;
 * redirects only where a caller follows them ({@link #download}), each hop checked again.
 */
@Singleton
public class GuardedHttp implements Closeable {
    private static final Logger LOG = Logger.getLogger(GuardedHttp.class);
    private static final int BUFFER = 64 * 1024;

    private final OutboundPolicy policy;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    @Inject
    public GuardedHttp(OutboundPolicy policy) {
        this(policy, SystemDefaultDnsResolver.INSTANCE);
    }

    /** {@code dns} answers host names; tests pass one whose answers change (rebinding). */
    public GuardedHttp(OutboundPolicy policy, DnsResolver dns) {
        this.policy = policy;
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                CheckedConnections.sockets(policy), CheckedConnections.resolver(policy, dns));
        connections.setMaxTotal(200);
        connections.setDefaultMaxPerRoute(32); // many jobs may fetch from one bucket host
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableAutomaticRetries()
                .disableContentCompression()
                .setUserAgent("i2v/0.1")
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guarded-http-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A POST of a JSON body; the receiver's HTTP status (a redirect is returned, not followed).
     *
     * @throws I2vException {@code url_not_allowed} when the URL itself is refused
     * @throws RefusedAddress when the host resolves or connects to a refused address
     */
    public int postJson(String url, String body, Map<String, String> headers, Duration timeout) throws IOException {
        HttpPost post = new HttpPost(policy.check(url, UrlUse.WEBHOOK));
        int ms = (int) timeout.toMillis();
        post.setConfig(RequestConfig.custom()
                .setConnectTimeout(ms)
                .setSocketTimeout(ms)
                .setConnectionRequestTimeout(ms)
                .build());
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        try (CloseableHttpResponse response = client.execute(post)) {
            EntityUtils.consumeQuietly(response.getEntity());
            return response.getStatusLine().getStatusCode();
        }
    }

    /**
     * A streaming GET of {@code url} into {@code target}, following redirects up to the limit (each
     * target checked like the first), the body capped while it streams, the whole within the
     * deadline. Failures are {@link I2vException}s: {@code url_not_allowed}, {@code file_too_large}
     * or {@code url_fetch_failed}, worded with {@code use}'s label.
     */
    public Path download(String url, UrlUse use, Path target, DownloadLimits limits) {
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        URI uri = policy.check(url, use);
        for (int hop = 0; ; hop++) {
            String location = get(uri, use, target, limits, deadline);
            if (location == null) {
                return target;
            }
            if (hop >= limits.maxRedirects()) {
                throw failed(use.label() + " redirected more than " + limits.maxRedirects() + " times");
            }
            URI next;
            try {
                next = uri.resolve(location);
            } catch (IllegalArgumentException e) {
                throw failed(use.label() + " redirected to an invalid location");
            }
            LOG.debugf("%s redirected to host %s", use.label(), next.getHost());
            uri = policy.check(next.toString(), use);
        }
    }

    /** One hop: the redirect's Location, or null once the body is in {@code target}. */
    private String get(URI uri, UrlUse use, Path target, DownloadLimits limits, long deadline) {
        HttpGet get = new HttpGet(uri);
        int left = (int) Math.max(1, remainingMillis(deadline));
        get.setConfig(RequestConfig.custom()
                .setConnectTimeout((int) Math.min(left, limits.connectTimeout().toMillis()))
                .setSocketTimeout(left)
                .setConnectionRequestTimeout(left)
                .build());
        get.setHeader("Accept", "image/*");
        ScheduledFuture<?> stop = deadlines.schedule(get::abort, left, TimeUnit.MILLISECONDS);
        boolean done = false;
        try (CloseableHttpResponse response = client.execute(get)) {
            int status = response.getStatusLine().getStatusCode();
            Header location = response.getFirstHeader("Location");
            if (status >= 300 && status < 400 && location != null) {
                get.abort(); // the redirect's body is not read
                return location.getValue();
            }
            if (status != 200) {
                throw failed(use.label() + " answered HTTP " + status);
            }
            copy(response.getEntity(), use, target, limits.maxBytes(), deadline);
            done = true;
            return null;
        } catch (I2vException e) {
            throw e;
        } catch (RefusedAddress e) {
            throw new I2vException(ErrorCode.URL_NOT_ALLOWED, use.addressRefused(e.kind()));
        } catch (UnknownHostException e) {
            throw failed(use.label() + " host " + OutboundPolicy.host(uri) + " does not resolve");
        } catch (IOException e) {
            if (remainingMillis(deadline) <= 0
                    || e instanceof SocketTimeoutException
                    || e instanceof ConnectTimeoutException) {
                throw failed(
                        use.label() + " took longer than " + limits.deadline().toSeconds() + " s");
            }
            throw failed("could not download the " + use.label() + " ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            stop.cancel(false);
            if (!done) {
                get.abort(); // drop the connection rather than drain a body we refused
            }
        }
    }

    private void copy(HttpEntity entity, UrlUse use, Path target, long maxBytes, long deadline) throws IOException {
        long declared = entity == null ? 0 : entity.getContentLength();
        if (declared > maxBytes) {
            throw tooLarge(use, maxBytes);
        }
        try (OutputStream file = Files.newOutputStream(target)) {
            if (entity == null) {
                return;
            }
            InputStream body = entity.getContent();
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(use, maxBytes);
                }
                if (remainingMillis(deadline) <= 0) {
                    throw new SocketTimeoutException();
                }
                file.write(buffer, 0, n);
            }
            if (declared >= 0 && total != declared) {
                throw failed(use.label() + " body ended after " + total + " of " + declared + " bytes");
            }
        }
    }

    private static long remainingMillis(long deadline) {
        return Duration.ofNanos(deadline - System.nanoTime()).toMillis();
    }

    private static I2vException tooLarge(UrlUse use, long maxBytes) {
        return new I2vException(ErrorCode.FILE_TOO_LARGE, use.label() + " is larger than " + maxBytes + " bytes");
    }

    private static I2vException failed(String message) {
        return new I2vException(ErrorCode.URL_FETCH_FAILED, message);
    }

    @Override
    @PreDestroy
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    /** A host or address the policy refuses: not retried, the answer will not change. */
    public static final class RefusedAddress extends UnknownHostException {
        private final String kind;

        RefusedAddress(String message, String kind) {
            super(message);
            this.kind = kind;
        }

        /** "loopback", "link-local", "private or reserved", …. */
        public String kind() {
            return kind;
        }
    }
}

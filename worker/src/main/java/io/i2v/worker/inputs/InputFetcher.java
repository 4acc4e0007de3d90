package io.i2v.worker.inputs;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.ImageRef;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.url.UrlPolicy;
import io.i2v.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * Brings a job's input to local disk: from our bucket (size checked), or from an image URL.
 * For a URL, every hop is checked by {@link UrlPolicy} — scheme, then each resolved address —
 * and the socket connects to exactly the address that was checked (checked again once
 * connected), so DNS rebinding cannot slip an internal address in; TLS still verifies the
 * certificate against the host name. At most {@code maxRedirects} redirects, each re-checked;
 * the size limit is enforced while streaming and the whole download has a deadline.
 */
@ApplicationScoped
public class InputFetcher {
    private static final Logger LOG = Logger.getLogger(InputFetcher.class);

    private final ObjectStore store;
    private final UrlPolicy policy;
    private final long maxBytes;
    private final WorkerConfig.Inputs settings;

    public InputFetcher(ObjectStore store, I2vConfig config, UrlPolicy policy, WorkerConfig worker) {
        this.store = store;
        this.policy = policy;
        this.maxBytes = config.intake().maxFileBytes();
        this.settings = worker.inputs();
    }

    public Path fetch(ImageRef ref, Path target) {
        if (ref.key() != null) {
            // refuse before downloading when the stored object is already too large
            store.head(ref.key()).filter(info -> info.size() > maxBytes).ifPresent(info -> {
                throw new I2vException(ErrorCode.FILE_TOO_LARGE, "image is " + info.size() + " bytes; the limit is "
                        + maxBytes + " bytes");
            });
            store.download(ref.key(), target);
            long size;
            try {
                size = Files.size(target);
            } catch (IOException e) {
                throw new I2vException(ErrorCode.STORAGE_UNAVAILABLE, "cannot read downloaded input");
            }
            if (size > maxBytes) {
                throw new I2vException(ErrorCode.FILE_TOO_LARGE, "image is " + size + " bytes; the limit is "
                        + maxBytes + " bytes");
            }
            return target;
        }
        return new HttpDownload(policy, maxBytes, settings).to(ref.url(), target);
    }

    /** One URL download: a tiny HTTP/1.1 client so that we, not a library, choose the socket's address. */
    static final class HttpDownload {
        private final UrlPolicy policy;
        private final long maxBytes;
        private final WorkerConfig.Inputs settings;
        private long deadline;

        HttpDownload(UrlPolicy policy, long maxBytes, WorkerConfig.Inputs settings) {
            this.policy = policy;
            this.maxBytes = maxBytes;
            this.settings = settings;
        }

        Path to(String url, Path target) {
            deadline = System.nanoTime() + settings.fetchTimeout().toNanos();
            URI uri = policy.check(url);
            for (int hop = 0; ; hop++) {
                Response r = get(uri, target);
                if (r.location() == null) {
                    return target;
                }
                if (hop >= settings.maxRedirects()) {
                    throw new I2vException(ErrorCode.URL_FETCH_FAILED, "image url redirected more than "
                            + settings.maxRedirects() + " times");
                }
                URI next;
                try {
                    next = uri.resolve(r.location());
                } catch (IllegalArgumentException e) {
                    throw new I2vException(ErrorCode.URL_FETCH_FAILED, "image url redirected to an invalid location");
                }
                LOG.debugf("image url redirected (%d) to host %s", r.status(), next.getHost());
                uri = policy.check(next.toString());
            }
        }

        private record Response(int status, String location) {
        }

        private Response get(URI uri, Path target) {
            List<InetAddress> addresses = policy.resolve(uri);
            InetAddress address = addresses.get(0);
            int port = UrlPolicy.port(uri);
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(address, port), (int) Math.min(remainingMillis(),
                        settings.connectTimeout().toMillis()));
                policy.checkAddress(((InetSocketAddress) raw.getRemoteSocketAddress()).getAddress(), port);
                raw.setSoTimeout((int) Math.max(1, Math.min(remainingMillis(), 30_000)));
                Socket socket = "https".equalsIgnoreCase(uri.getScheme()) ? tls(raw, UrlPolicy.host(uri), port) : raw;
                OutputStream out = socket.getOutputStream();
                out.write(request(uri).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.flush();
                HttpResponseReader in = new HttpResponseReader(socket.getInputStream());
                int status = in.status();
                if (status >= 300 && status < 400 && in.header("location") != null) {
                    return new Response(status, in.header("location"));
                }
                if (status != 200) {
                    throw new I2vException(ErrorCode.URL_FETCH_FAILED, "image url answered HTTP " + status);
                }
                long declared = in.contentLength();
                if (declared > maxBytes) {
                    throw tooLarge();
                }
                try (InputStream body = in.body(); OutputStream file = Files.newOutputStream(target)) {
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    int n;
                    while ((n = body.read(buffer)) > 0) {
                        total += n;
                        if (total > maxBytes) {
                            throw tooLarge();
                        }
                        if (remainingMillis() <= 0) {
                            throw timedOut();
                        }
                        file.write(buffer, 0, n);
                    }
                    if (declared >= 0 && total != declared) {
                        throw new I2vException(ErrorCode.URL_FETCH_FAILED, "image url body ended after " + total
                                + " of " + declared + " bytes");
                    }
                }
                return new Response(status, null);
            } catch (I2vException e) {
                throw e;
            } catch (SocketTimeoutException e) {
                throw timedOut();
            } catch (IOException e) {
                throw new I2vException(ErrorCode.URL_FETCH_FAILED, "could not download the image url ("
                        + e.getClass().getSimpleName() + ")");
            }
        }

        private static Socket tls(Socket raw, String host, int port) throws IOException {
            try {
                SSLSocket ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(raw, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // certificate must match the URL's host
                if (!host.contains(":") && !host.matches("[0-9.]+")) {
                    params.setServerNames(List.of(new SNIHostName(host)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                return ssl;
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
        }

        private static String request(URI uri) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: i2v/0.1\r\n"
                    + "Accept: image/*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
        }

        private long remainingMillis() {
            return Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        }

        private I2vException tooLarge() {
            return new I2vException(ErrorCode.FILE_TOO_LARGE, "image at url is larger than " + maxBytes + " bytes");
        }

        private I2vException timedOut() {
            return new I2vException(ErrorCode.URL_FETCH_FAILED, "image url took longer than "
                    + settings.fetchTimeout().toSeconds() + " s");
        }
    }
}

package io.i2v.worker.inputs;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.ImageRef;
import io.i2v.core.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Brings a job's input to local disk: from our bucket, or from an https URL. URLs that resolve
 * to loopback, link-local, private, multicast or unspecified addresses are refused; redirects
 * are not followed; the body is cut off at the size limit.
 */
@ApplicationScoped
public class InputFetcher {
    private final ObjectStore store;
    private final I2vConfig.Intake limits;
    private final HttpClient http;

    public InputFetcher(ObjectStore store, I2vConfig config) {
        this.store = store;
        this.limits = config.intake();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Path fetch(ImageRef ref, Path target) {
        if (ref.key() != null) {
            store.download(ref.key(), target);
            try {
                if (Files.size(target) > limits.maxFileBytes()) {
                    throw new I2vException(ErrorCode.FILE_TOO_LARGE, "image is " + Files.size(target)
                            + " bytes; the limit is " + limits.maxFileBytes());
                }
            } catch (IOException e) {
                throw new I2vException(ErrorCode.STORAGE_UNAVAILABLE, "cannot read downloaded input");
            }
            return target;
        }
        return download(URI.create(ref.url()), target);
    }

    private Path download(URI uri, Path target) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (scheme.equals("http") && limits.allowHttpUrls())) || uri.getHost() == null) {
            throw new I2vException(ErrorCode.URL_NOT_ALLOWED, "image url must be https");
        }
        checkHost(uri.getHost());
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                    .header("User-Agent", "i2v/0.1").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new I2vException(ErrorCode.URL_FETCH_FAILED, "image url answered HTTP " + response.statusCode());
            }
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > limits.maxFileBytes()) {
                        throw new I2vException(ErrorCode.FILE_TOO_LARGE, "image at url is larger than "
                                + limits.maxFileBytes() + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return target;
        } catch (IOException e) {
            throw new I2vException(ErrorCode.URL_FETCH_FAILED, "could not download the image url: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new I2vException(ErrorCode.URL_FETCH_FAILED, "download interrupted");
        }
    }

    static void checkHost(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress() || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
                    throw new I2vException(ErrorCode.URL_NOT_ALLOWED, "image url points to a non-public address");
                }
            }
        } catch (UnknownHostException e) {
            throw new I2vException(ErrorCode.URL_FETCH_FAILED, "image url host does not resolve");
        }
    }
}

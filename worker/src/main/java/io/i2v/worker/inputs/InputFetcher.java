package io.i2v.worker.inputs;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.ImageRef;
import io.i2v.core.net.UrlUse;
import io.i2v.core.storage.ObjectStore;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.net.DownloadLimits;
import io.i2v.worker.net.GuardedHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Brings a job's input to local disk: from our bucket (size checked), or from an image URL
 * through the {@link GuardedHttp} client (every hop checked by the outbound policy, at most
 * {@code maxRedirects} redirects, the size limit enforced while streaming, one deadline for the
 * whole download).
 */
@ApplicationScoped
public class InputFetcher {
    private final ObjectStore store;
    private final GuardedHttp http;
    private final long maxBytes;
    private final DownloadLimits limits;

    public InputFetcher(ObjectStore store, GuardedHttp http, I2vConfig config, WorkerConfig worker) {
        this.store = store;
        this.http = http;
        this.maxBytes = config.intake().maxFileBytes();
        WorkerConfig.Inputs inputs = worker.inputs();
        this.limits =
                new DownloadLimits(maxBytes, inputs.connectTimeout(), inputs.fetchTimeout(), inputs.maxRedirects());
    }

    public Path fetch(ImageRef ref, Path target) {
        if (ref.key() == null) {
            return http.download(ref.url(), UrlUse.IMAGE, target, limits);
        }
        // refuse before downloading when the stored object is already too large
        store.head(ref.key()).filter(info -> info.size() > maxBytes).ifPresent(info -> {
            throw tooLarge(info.size());
        });
        store.download(ref.key(), target);
        long size;
        try {
            size = Files.size(target);
        } catch (IOException e) {
            throw new I2vException(ErrorCode.STORAGE_UNAVAILABLE, "cannot read downloaded input");
        }
        if (size > maxBytes) {
            throw tooLarge(size);
        }
        return target;
    }

    private I2vException tooLarge(long size) {
        return new I2vException(
                ErrorCode.FILE_TOO_LARGE, "image is " + size + " bytes; the limit is " + maxBytes + " bytes");
    }
}

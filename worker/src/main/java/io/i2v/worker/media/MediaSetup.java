package io.i2v.worker.media;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;

/** Once at start: image readers from the classpath (WebP) registered, FFmpeg quiet unless something fails. */
@ApplicationScoped
public class MediaSetup {
    void onStart(@Observes StartupEvent event) {
        // before FFmpeg's libraries load under the Loader's lock (see RenderWarmup: the two must not race on it)
        Pointer.maxBytes();
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }
}

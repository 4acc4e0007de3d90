package io.i2v.worker.render;

import io.i2v.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.Pointer;

/**
 * What the local renderer does once per process, done at start on a background thread: load
 * face detection (OpenCV, about half a second) and get the frame kernel compiled. The SIMD
 * kernel runs as allocating Java code until the JIT compiles it; done during the first job,
 * that happens while x264 holds both cores, takes seconds and leaves hundreds of MB of touched
 * heap behind. Done here it takes about 0.3 s on an idle machine.
 */
@ApplicationScoped
public class RenderWarmup {
    private final SubjectFinder subjects;
    private final WorkerConfig config;

    public RenderWarmup(SubjectFinder subjects, WorkerConfig config) {
        this.subjects = subjects;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if ("local".equals(config.backend())) {
            // JavaCPP's Pointer class is initialised here, on the starting thread, before the warm-up thread loads
            // OpenCV: initialised there while another start-up observer loads FFmpeg, the two deadlock (one holds the
            // Loader's lock and waits for Pointer, the other the reverse)
            Pointer.maxBytes();
            Thread t = new Thread(this::run, "i2v-render-warmup");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Loads face detection and compiles the frame kernel (idempotent; quick once done). */
    public void run() {
        subjects.find(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
        PlaneKernel.fastest().warmUp();
    }
}

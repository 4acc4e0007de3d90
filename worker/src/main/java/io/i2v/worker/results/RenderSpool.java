package io.i2v.worker.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.worker.backend.BackendResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A finished render kept on the worker's own disk, in the delivery's work folder, from the
 * moment the backend hands it over: its files are flushed and a description lands last by an
 * atomic rename, so a folder with a description holds a whole render. A delivery of the same
 * job after the worker was killed (and restarted on the same disk, as local mode and
 * {@code ./i2v chaos} do) takes it from here instead of rendering again; leftovers of killed
 * deliveries are removed then. Each folder is marked with the job it belongs to (its id and
 * creation time), so a folder of another job with the same id (another bucket or state
 * directory on the same host) is never taken over or removed. On a fresh host nothing is
 * found and {@link RenderStage} (S3) is the next line of defence.
 */
@ApplicationScoped
public class RenderSpool {
    private static final Logger LOG = Logger.getLogger(RenderSpool.class);
    private static final String DESCRIPTION = "render.json";
    private static final String OWNER = "job";

    private final ObjectMapper json;
    /** Folders of deliveries running in this process: never taken over or removed by another. */
    private final Set<Path> live = ConcurrentHashMap.newKeySet();

    public RenderSpool(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Makes the folder of one delivery of a job under {@code root}, where the backend works,
     * marked with {@code job}: what tells this job from another with the same id.
     */
    public Path open(Path root, String jobId, String job, int delivery) throws IOException {
        // a folder of its own even when another process on this host runs a job with the same id
        Path work = Files.createTempDirectory(Files.createDirectories(root), jobId + "-" + delivery + "-");
        live.add(work);
        Files.writeString(work.resolve(OWNER), job);
        return work;
    }

    /** Removes a delivery's folder and what is left in it. */
    public void close(Path work) {
        deleteTree(work);
        live.remove(work);
    }

    /** Keeps {@code render}, whose files are in {@code work}, so that a later delivery finds it whole. */
    public void keep(Path work, BackendResult render) throws IOException {
        List<BackendResult> all = RenderDescription.videos(render);
        for (BackendResult r : all) {
            if (!work.equals(r.video().getParent()) || !work.equals(r.poster().getParent())) {
                return; // only what the backend made in this delivery's folder can be found again
            }
            flush(r.video());
            flush(r.poster());
        }
        RenderDescription description = RenderDescription.of(
                render,
                i -> all.get(i).video().getFileName().toString(),
                i -> all.get(i).poster().getFileName().toString());
        Path partial = work.resolve(DESCRIPTION + ".partial");
        Files.write(partial, json.writeValueAsBytes(description));
        flush(partial);
        try {
            Files.move(partial, work.resolve(DESCRIPTION), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, work.resolve(DESCRIPTION), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The render an earlier delivery of {@code jobId} kept under {@code root}, its files moved
     * into {@code work}; folders of earlier deliveries are removed either way.
     */
    public Optional<BackendResult> recover(Path root, String jobId, String job, Path work) throws IOException {
        Optional<BackendResult> found = Optional.empty();
        for (Path earlier : earlierDeliveries(root, jobId, job, work)) {
            if (found.isEmpty()) {
                found = adopt(earlier, work);
            }
            deleteTree(earlier);
        }
        return found;
    }

    private Optional<BackendResult> adopt(Path earlier, Path work) {
        Path description = earlier.resolve(DESCRIPTION);
        if (!Files.isRegularFile(description)) {
            return Optional.empty();
        }
        try {
            RenderDescription kept = json.readValue(description.toFile(), RenderDescription.class);
            if (!kept.usable()) {
                return Optional.empty();
            }
            for (RenderDescription.Clip c : kept.clips()) {
                Files.move(earlier.resolve(c.video()), work.resolve(c.video()), StandardCopyOption.REPLACE_EXISTING);
                Files.move(earlier.resolve(c.poster()), work.resolve(c.poster()), StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(kept.result(c -> work.resolve(c.video()), c -> work.resolve(c.poster())));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("a kept render in %s could not be taken over (%s); rendering again", earlier, e.getMessage());
            return Optional.empty();
        }
    }

    private List<Path> earlierDeliveries(Path root, String jobId, String job, Path work) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, jobId + "-*")) {
            for (Path d : dirs) {
                if (!d.equals(work) && !live.contains(d) && Files.isDirectory(d) && belongsTo(d, job)) {
                    found.add(d);
                }
            }
        }
        return found;
    }

    private static boolean belongsTo(Path folder, String job) {
        try {
            return Files.readString(folder.resolve(OWNER)).equals(job);
        } catch (IOException e) {
            return false; // unmarked or unreadable: not known to be this job's
        }
    }

    private static void flush(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not clean %s: %s", dir, e.getMessage());
        }
    }
}

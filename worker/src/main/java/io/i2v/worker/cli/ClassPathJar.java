package io.i2v.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

/**
 * Merges a class path's jars into a few jars that serve the same classes and resources, for
 * {@code ./i2v animate}. Every resource lookup on a class path asks each jar in turn, and
 * JavaCPP's search for OpenCV's and FFmpeg's libraries alone makes hundreds of lookups of all of
 * them: on 284 jars that was about 1.5 CPU seconds of a start on two cores (with the JIT compiling
 * the JDK's lookup code), measured in alternating runs.
 *
 * <p>Runs of consecutive jars are merged, each into one jar; two kinds of jar stay as they are,
 * in their place: one holding native libraries (JavaCPP caches what it extracts under the jar's
 * name, and there is nothing to gain from packing 30 MB of libraries again) and one holding a
 * configuration file (SmallRye Config reads it through a zip file system of the whole jar, whose
 * set-up grows with the jar's entries). Within a merged run, what the class path would give:
 *
 * <ul>
 *   <li>a class or resource comes from the first jar that has it, as on the class path;
 *   <li>files that readers collect from every jar are joined in class-path order: service
 *       registrations ({@code META-INF/services/}), Typesafe config's {@code reference.conf}
 *       (Pekko and ElasticMQ), Netty's version file;
 *   <li>a multi-release jar's versioned classes are kept only for the classes taken from that jar
 *       (so a later jar's version never shadows an earlier jar's class), and the merged jar is
 *       multi-release when any input was;
 *   <li>the inputs' manifests, jar indexes, signatures and module descriptors are left out: the
 *       merged jar is neither signed nor a module, as none of them is on a class path either.
 * </ul>
 *
 * Each jar is written to a temporary file and moved into place, so a reader never sees half a jar.
 */
public final class ClassPathJar {
    /** Read from every jar on the class path and joined, not shadowed. */
    private static final Pattern JOINED =
            Pattern.compile("META-INF/services/[^/]+|reference\\.conf|META-INF/io\\.netty\\.versions\\.properties");
    /** Per-jar files that mean nothing (or something wrong) in a merged jar. */
    private static final Pattern LEFT_OUT =
            Pattern.compile("META-INF/MANIFEST\\.MF|META-INF/INDEX\\.LIST|META-INF/[^/]+\\.(SF|RSA|DSA|EC)"
                    + "|(META-INF/versions/\\d+/)?module-info\\.class");

    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.+)");
    /** What makes a jar stay as it is: a native library, or a configuration file SmallRye Config reads. */
    private static final Pattern KEPT_WHOLE = Pattern.compile(".+\\.(so(\\.[0-9.]+)?|dll|dylib|jnilib)"
            + "|application\\.(properties|ya?ml)|META-INF/microprofile-config\\.(properties|ya?ml)");

    private ClassPathJar() {}

    /**
     * {@code ClassPathJar DIR JAR...}: writes the merged jars into DIR and prints the class path to
     * use instead of the given one (exit 0), or the reason it could not (exit 1).
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ClassPathJar DIR JAR...");
            System.exit(2);
        }
        List<Path> classPath = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            classPath.add(Path.of(args[i]));
        }
        try {
            List<Path> merged = mergeRuns(classPath, Path.of(args[0]));
            System.out.println(String.join(
                    File.pathSeparator, merged.stream().map(Path::toString).toList()));
        } catch (IOException e) {
            System.err.println("i2v: could not merge the class path into " + args[0] + ": " + e);
            System.exit(1);
        }
    }

    /**
     * Merges each run of consecutive mergeable jars into {@code dir/N.jar} (N counting the runs) and
     * returns the class path that serves what {@code classPath} serves: merged runs and the jars kept
     * whole, in order. Other jars in {@code dir} (from an earlier class path) are removed.
     */
    static List<Path> mergeRuns(List<Path> classPath, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> result = new ArrayList<>();
        List<Path> run = new ArrayList<>();
        for (Path jar : classPath) {
            if (keptWhole(jar)) {
                flush(run, dir, result);
                result.add(jar);
            } else {
                run.add(jar);
            }
        }
        flush(run, dir, result);
        try (var old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".jar") && !result.contains(p))
                    .toList()) {
                Files.deleteIfExists(p);
            }
        }
        return result;
    }

    private static void flush(List<Path> run, Path dir, List<Path> result) throws IOException {
        if (run.isEmpty()) {
            return;
        }
        Path out = dir.resolve(result.size() + ".jar");
        merge(run, out);
        result.add(out);
        run.clear();
    }

    static boolean keptWhole(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(e -> KEPT_WHOLE.matcher(e.getName()).matches());
        }
    }

    /** Writes {@code out} so that it serves what {@code classPath}, in that order, serves. */
    static void merge(List<Path> classPath, Path out) throws IOException {
        Map<String, Path> owner = owners(classPath);
        Map<String, List<byte[]>> joined = new LinkedHashMap<>();
        boolean multiRelease = false;
        Path tmp = out.resolveSibling(
                out.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW);
                    JarOutputStream jar = new JarOutputStream(file)) {
                jar.setLevel(Deflater.BEST_SPEED); // written once, read for every start: size matters little
                for (Path in : classPath) {
                    try (JarFile source = new JarFile(in.toFile())) {
                        boolean releases = source.isMultiRelease();
                        multiRelease |= releases;
                        Enumeration<JarEntry> entries = source.entries();
                        while (entries.hasMoreElements()) {
                            JarEntry entry = entries.nextElement();
                            String name = entry.getName();
                            if (entry.isDirectory() || LEFT_OUT.matcher(name).matches()) {
                                continue;
                            }
                            if (JOINED.matcher(name).matches()) {
                                joined.computeIfAbsent(name, n -> new ArrayList<>())
                                        .add(read(source, entry));
                            } else if (keeps(in, releases, name, owner)) {
                                jar.putNextEntry(new JarEntry(name));
                                try (InputStream data = source.getInputStream(entry)) {
                                    data.transferTo(jar);
                                }
                                jar.closeEntry();
                            }
                        }
                    }
                }
                for (Map.Entry<String, List<byte[]>> e : joined.entrySet()) {
                    jar.putNextEntry(new JarEntry(e.getKey()));
                    jar.write(join(e.getValue()));
                    jar.closeEntry();
                }
                Manifest manifest = new Manifest();
                manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
                if (multiRelease) {
                    manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
                }
                jar.putNextEntry(new JarEntry(JarFile.MANIFEST_NAME));
                manifest.write(jar);
                jar.closeEntry();
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The jar each plain (unversioned, not joined) entry comes from: the first that has it. */
    private static Map<String, Path> owners(List<Path> classPath) throws IOException {
        Map<String, Path> owner = new HashMap<>();
        for (Path in : classPath) {
            try (JarFile source = new JarFile(in.toFile())) {
                Enumeration<JarEntry> entries = source.entries();
                while (entries.hasMoreElements()) {
                    owner.putIfAbsent(entries.nextElement().getName(), in);
                }
            }
        }
        return owner;
    }

    /**
     * Whether an entry of {@code in} goes into the merged jar: a plain entry if {@code in} is the
     * first jar with it; a versioned one if its jar is multi-release and serves the class it
     * versions (or no jar has a plain one), and no earlier jar gave the same versioned entry.
     */
    private static boolean keeps(Path in, boolean releases, String name, Map<String, Path> owner) {
        var versioned = VERSIONED.matcher(name);
        if (!versioned.matches()) {
            return in.equals(owner.get(name));
        }
        if (!releases || !in.equals(owner.get(name))) {
            return false;
        }
        Path base = owner.get(versioned.group(1));
        return base == null || base.equals(in);
    }

    private static byte[] read(JarFile source, JarEntry entry) throws IOException {
        try (InputStream data = source.getInputStream(entry)) {
            return data.readAllBytes();
        }
    }

    /** The parts one after the other, each ending with a line break so no two lines run together. */
    private static byte[] join(List<byte[]> parts) {
        var all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
            if (part.length > 0 && part[part.length - 1] != '\n') {
                all.write('\n');
            }
        }
        return all.toByteArray();
    }
}

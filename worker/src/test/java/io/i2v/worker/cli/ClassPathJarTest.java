package io.i2v.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathJarTest {
    @TempDir
    Path dir;

    @Test
    void mergedClassPathServesWhatTheJarsServedInTheirOrder() throws IOException {
        Path a = jar(
                "a.jar",
                false,
                Map.of(
                        "p/X.class", "X from a",
                        "META-INF/services/p.S", "impl.A", // no final line break
                        "reference.conf", "a = 1",
                        "META-INF/A.SF", "signature of a"));
        Path b = jar(
                "b.jar",
                true,
                Map.of(
                        "p/X.class", "X from b",
                        "META-INF/versions/11/p/X.class", "X from b for 11",
                        "p/Z.class", "Z from b",
                        "META-INF/versions/11/p/Z.class", "Z from b for 11",
                        "META-INF/services/p.S", "impl.B\n",
                        "reference.conf", "b = 2\n"));
        Path c = jar("c.jar", false, Map.of("p/C.txt", "from c"));

        List<Path> classPath = ClassPathJar.mergeRuns(List.of(a, b, c), dir.resolve("merged"));

        assertEquals(List.of(dir.resolve("merged/0.jar")), classPath);
        try (URLClassLoader loader = loader(classPath)) {
            assertEquals("X from a", text(loader, "p/X.class"), "the first jar wins, not a later jar's versioned copy");
            assertEquals("Z from b for 11", text(loader, "p/Z.class"), "a multi-release jar keeps its own versions");
            assertEquals("from c", text(loader, "p/C.txt"));
            assertEquals(List.of("impl.A\nimpl.B\n"), all(loader, "META-INF/services/p.S"));
            assertEquals(List.of("a = 1\nb = 2\n"), all(loader, "reference.conf"));
            assertNull(loader.getResource("META-INF/A.SF"), "signatures of other jars");
        }
    }

    @Test
    void jarsWithNativeLibrariesOrConfigurationStayWholeInTheirPlace() throws IOException {
        Path first = jar("first.jar", false, Map.of("p/A.class", "a"));
        Path natives = jar("natives.jar", false, Map.of("org/x/linux-x86_64/libx.so.4", "ELF"));
        Path middle = jar("middle.jar", false, Map.of("p/B.class", "b"));
        Path app = jar("app.jar", false, Map.of("application.properties", "i2v.x=1"));
        Path last = jar("last.jar", false, Map.of("p/C.class", "c"));
        Path more = jar("more.jar", false, Map.of("p/D.class", "d"));

        List<Path> classPath =
                ClassPathJar.mergeRuns(List.of(first, natives, middle, app, last, more), dir.resolve("m"));

        assertEquals(
                List.of(dir.resolve("m/0.jar"), natives, dir.resolve("m/2.jar"), app, dir.resolve("m/4.jar")),
                classPath);
        try (URLClassLoader loader = loader(classPath)) {
            assertEquals("cd", text(loader, "p/C.class") + text(loader, "p/D.class"));
        }
    }

    @Test
    void mergingAnotherClassPathRemovesTheJarsOfTheLastOne() throws IOException {
        Path one = jar("one.jar", false, Map.of("p/A.class", "a"));
        Path natives = jar("natives.jar", false, Map.of("libx.so", "ELF"));
        Path two = jar("two.jar", false, Map.of("p/B.class", "b"));
        Path merged = dir.resolve("m");
        ClassPathJar.mergeRuns(List.of(one, natives, two), merged);

        List<Path> classPath = ClassPathJar.mergeRuns(List.of(one, two), merged);

        try (var left = Files.list(merged)) {
            assertEquals(classPath, left.toList());
        }
    }

    private Path jar(String name, boolean multiRelease, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (multiRelease) {
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> e : new LinkedHashMap<>(entries).entrySet()) {
                zip.putNextEntry(new JarEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static URLClassLoader loader(List<Path> classPath) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path p : classPath) {
            urls.add(p.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), null);
    }

    private static String text(ClassLoader loader, String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> all(ClassLoader loader, String name) throws IOException {
        List<String> texts = new ArrayList<>();
        for (URL url : Collections.list(loader.getResources(name))) {
            try (InputStream in = url.openStream()) {
                texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return texts;
    }
}

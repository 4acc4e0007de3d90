package io.i2v.worker;

import static io.i2v.worker.JobsApi.awaitTerminal;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.testing.TestImages;
import io.i2v.worker.media.HeifWriter;
import io.i2v.worker.media.TestInputs;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The input corpus: every promised format variant and every hostile input, each through the
 * real path — HTTP API → intake (S3 + SQS, embedded) → worker → local renderer → MP4 — with its
 * expected outcome: a video whose dimensions and picture (four coloured quadrants, the right way
 * up) are checked by decoding it, or the exact error code (HTTP 4xx at intake, FAILED in the
 * worker) with nothing left behind. Renders are 1 s of 640x360 to keep the run short.
 */
@QuarkusTest
@TestProfile(InputCorpusTest.Corpus.class)
class InputCorpusTest {
    /** Output long side for the corpus (640x360): small renders, same code path. */
    static final int LONG_SIDE = 640;

    static final String PROMPT = "a 1-second static clip at 24 fps";

    /** Local mode as ./i2v runs it, plus the test-only allowance for the loopback image server. */
    public static class Corpus implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>(new LocalStackProfile().getConfigOverrides());
            c.put("i2v.worker.render.long-side", String.valueOf(LONG_SIDE));
            c.put("i2v.outbound.schemes", "https,http");
            c.put(
                    "i2v.outbound.exempt-endpoints",
                    "127.0.0.1:" + CorpusServer.get().port());
            c.put("i2v.worker.inputs.fetch-timeout", "PT20S");
            return c;
        }
    }

    @Inject
    S3Client s3;

    @Inject
    I2vConfig config;

    static final Color[] QUADRANTS = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};

    /** How a case hands its image in. */
    interface Submit extends Function<InputCorpusTest, ExtractableResponse<Response>> {}

    /** What must come out: a checked video, or an error code at intake (with HTTP status) or in the worker. */
    record Expect(int width, int height, Color[] quadrants, int httpStatus, String code) {
        static Expect video(Color... quadrants) {
            return new Expect(640, 360, quadrants.length == 0 ? null : quadrants, 202, null);
        }

        static Expect intake(int status, String code) {
            return new Expect(0, 0, null, status, code);
        }

        static Expect failed(String code) {
            return new Expect(0, 0, null, 202, code);
        }
    }

    record Case(String name, Submit submit, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> corpus() {
        BufferedImage up = quadrants(480, 320);
        CorpusServer web = CorpusServer.get();
        byte[] jpeg = TestInputs.jpeg(up);
        byte[] photo = TestImages.sample("ladybird.jpg");
        byte[] heicGrid = HeifWriter.grid(up, 2, 3, 0, -1);
        List<Case> cases = new ArrayList<>(List.of(
                // JPEG
                ok("jpeg baseline", inline("a.jpg", jpeg)),
                ok("jpeg progressive", inline("a.jpg", TestInputs.progressiveJpeg(up))),
                ok(
                        "jpeg exif 3 (upside down)",
                        inline("a.jpg", TestInputs.jpegWithOrientation(TestInputs.storedFor(up, 3), 3))),
                ok(
                        "jpeg exif 6 (phone portrait)",
                        inline("a.jpg", TestInputs.jpegWithOrientation(TestInputs.storedFor(up, 6), 6))),
                ok("jpeg exif 8", inline("a.jpg", TestInputs.jpegWithOrientation(TestInputs.storedFor(up, 8), 8))),
                ok(
                        "jpeg exif 2 (mirrored)",
                        inline("a.jpg", TestInputs.jpegWithOrientation(TestInputs.storedFor(up, 2), 2))),
                ok(
                        "jpeg exif 5 (transposed)",
                        inline("a.jpg", TestInputs.jpegWithOrientation(TestInputs.storedFor(up, 5), 5))),
                ok(
                        "jpeg exif 7 (transversed)",
                        inline("a.jpg", TestInputs.jpegWithOrientation(TestInputs.storedFor(up, 7), 7))),
                ok(
                        "jpeg display p3 profile",
                        inline("a.jpg", TestInputs.jpegWithProfile(up, TestInputs.profile("p3")))),
                ok(
                        "jpeg adobe rgb profile",
                        inline("a.jpg", TestInputs.jpegWithProfile(up, TestInputs.profile("adobe")))),
                new Case("jpeg cmyk", inline("a.jpg", TestInputs.cmykJpeg(480, 320)), Expect.video()),
                new Case("jpeg grayscale", inline("a.jpg", TestInputs.jpeg(gray(up))), Expect.video()),
                ok("jpeg named .png (bytes decide)", inline("photo.png", jpeg)),
                ok(
                        "jpeg 6000x4000 decoded subsampled (upload)",
                        upload("big.jpg", TestInputs.jpeg(quadrants(6000, 4000)))),
                ok("jpeg with a zip appended (polyglot)", inline("a.jpg", TestInputs.concat(jpeg, zip()))),
                // PNG
                ok("png 8-bit rgb", inline("a.png", TestInputs.png(up))),
                ok("png 16-bit rgb", inline("a.png", TestInputs.png16(up))),
                ok("png palette", inline("a.png", TestInputs.pngPalette(up))),
                new Case(
                        "png alpha over white",
                        inline("a.png", TestInputs.png(withTransparentTopRight(up))),
                        Expect.video(Color.RED, Color.WHITE, Color.BLUE, Color.YELLOW)),
                new Case("png 16-bit gray", inline("a.png", TestInputs.pngGray16(480, 320)), Expect.video()),
                ok(
                        "png eXIf orientation 6",
                        inline("a.png", TestInputs.pngWithOrientation(TestInputs.storedFor(up, 6), 6))),
                ok("png display p3 iCCP", inline("a.png", TestInputs.pngWithProfile(up, TestInputs.profile("p3")))),
                // WEBP
                ok("webp lossy", inline("a.webp", TestInputs.webp(up, false, false))),
                ok("webp lossless", inline("a.webp", TestInputs.webp(up, true, false))),
                new Case(
                        "webp alpha over white",
                        inline("a.webp", TestInputs.webp(withTransparentTopRight(up), true, true)),
                        Expect.video(Color.RED, Color.WHITE, Color.BLUE, Color.YELLOW)),
                ok(
                        "webp animated: first frame",
                        inline("a.webp", TestInputs.animatedWebp(up, solid(480, 320, Color.MAGENTA)))),
                ok(
                        "webp exif orientation 8",
                        inline("a.webp", TestInputs.webpWithOrientation(TestInputs.storedFor(up, 8), 8))),
                // HEIC / AVIF / GIF
                ok("heic single image", inline("a.heic", HeifWriter.single(up, 0, -1))),
                ok("heic 2x3 tile grid, whole picture", inline("a.heic", heicGrid)),
                ok(
                        "heic grid with irot 90",
                        inline("a.heic", HeifWriter.grid(TestInputs.storedFor(up, 8), 3, 2, 1, -1))),
                ok(
                        "heic display p3 (colr prof, as iPhones tag)",
                        inline(
                                "a.heic",
                                HeifWriter.withProfile(
                                        up, TestInputs.profile("p3").getData()))),
                ok(
                        "webp display p3 (ICCP)",
                        inline("a.webp", TestInputs.webpWithProfile(up, TestInputs.profile("p3")))),
                ok("heic with imir", inline("a.heic", HeifWriter.single(TestInputs.storedFor(up, 2), 0, 0))),
                ok("avif", inline("a.avif", TestInputs.avif(up))),
                ok("gif", inline("a.gif", TestInputs.gif(up))),
                // URLs that work
                ok("url to an image (test allowance)", url(web.url("/files/photo.jpg"))),
                ok("url redirected once", url(web.url("/redirect/photo.jpg"))),
                // damaged and hostile files
                new Case("zero bytes", inline("a.jpg", new byte[0]), Expect.intake(422, "corrupt_image")),
                new Case(
                        "text renamed .jpg",
                        inline("notes.jpg", CorpusServer.text("just some notes, not a photo\n")),
                        Expect.intake(415, "unsupported_format")),
                new Case(
                        "html page renamed .png (polyglot with png inside)",
                        inline(
                                "a.png",
                                TestInputs.concat(
                                        CorpusServer.text("<html><body><img src=x></body></html>"),
                                        TestInputs.png(up))),
                        Expect.intake(415, "unsupported_format")),
                new Case(
                        "bmp", inline("a.bmp", TestImages.encode(up, "bmp")), Expect.intake(415, "unsupported_format")),
                new Case(
                        "tiff",
                        inline("a.tif", TestImages.encode(up, "tiff")),
                        Expect.intake(415, "unsupported_format")),
                // cut-off files: refused at intake when inline (their structure is checked there) ...
                new Case(
                        "truncated jpeg",
                        inline("a.jpg", Arrays.copyOf(jpeg, 300)),
                        Expect.intake(422, "corrupt_image")),
                new Case(
                        "sample photo cut to a third",
                        inline("ladybird.jpg", TestImages.cut(photo, 1, 3)),
                        Expect.intake(422, "corrupt_image")),
                new Case(
                        "truncated png",
                        inline("a.png", Arrays.copyOf(TestInputs.png(up), 120)),
                        Expect.intake(422, "corrupt_image")),
                new Case(
                        "truncated heic grid",
                        inline("a.heic", Arrays.copyOf(heicGrid, heicGrid.length / 2)),
                        Expect.intake(422, "corrupt_image")),
                new Case(
                        "jpeg magic then garbage",
                        inline(
                                "a.jpg",
                                TestInputs.concat(
                                        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
                                        new byte[4000])),
                        Expect.intake(422, "corrupt_image")),
                new Case(
                        "png signature then jpeg data (polyglot)",
                        inline("a.png", TestInputs.concat(Arrays.copyOf(TestInputs.png(up), 8), jpeg)),
                        Expect.intake(422, "corrupt_image")),
                // ... and by the worker when uploaded (intake reads only the first bytes of an upload)
                new Case(
                        "sample photo cut to a third, uploaded",
                        upload("ladybird.jpg", TestImages.cut(photo, 1, 3)),
                        Expect.failed("corrupt_image")),
                new Case(
                        "sample photo as png cut to two thirds, uploaded",
                        upload("ladybird.png", TestImages.cut(TestInputs.png(TestInputs.decodeJpeg(photo)), 2, 3)),
                        Expect.failed("corrupt_image")),
                new Case(
                        "webp cut in half, uploaded",
                        upload("a.webp", TestImages.cut(TestInputs.webp(up, false, false), 1, 2)),
                        Expect.failed("corrupt_image")),
                new Case(
                        "heic grid cut to a third, uploaded",
                        upload("a.heic", TestImages.cut(heicGrid, 1, 3)),
                        Expect.failed("corrupt_image")),
                new Case(
                        "png declaring 100000x100000 (bomb)",
                        inline("bomb.png", TestInputs.pngDeclaring(100_000, 100_000)),
                        Expect.failed("image_too_large")),
                new Case(
                        "200 MB + 1 byte declared at upload",
                        declaredUpload(200L * 1024 * 1024 + 1),
                        Expect.intake(413, "file_too_large")),
                new Case(
                        "200 MB + 1 byte stored, submitted by key",
                        storedOfSize(200L * 1024 * 1024 + 1),
                        Expect.intake(413, "file_too_large")),
                // URLs that must not be fetched
                new Case("url 127.0.0.1", url("https://127.0.0.1/a.jpg"), Expect.intake(400, "url_not_allowed")),
                new Case("url [::1]", url("https://[::1]/a.jpg"), Expect.intake(400, "url_not_allowed")),
                new Case(
                        "url 169.254.169.254 (metadata)",
                        url("https://169.254.169.254/latest/meta-data/"),
                        Expect.intake(400, "url_not_allowed")),
                new Case("url 10.0.0.1", url("https://10.0.0.1/a.jpg"), Expect.intake(400, "url_not_allowed")),
                new Case(
                        "url localhost by name", url("https://localhost/a.jpg"), Expect.intake(400, "url_not_allowed")),
                new Case(
                        "url another loopback port",
                        url("http://127.0.0.1:1/a.jpg"),
                        Expect.intake(400, "url_not_allowed")),
                new Case(
                        "url redirect to the metadata address",
                        url(web.url("/redirect/metadata")),
                        Expect.failed("url_not_allowed")),
                new Case(
                        "url redirect to a private address",
                        url(web.url("/redirect/private")),
                        Expect.failed("url_not_allowed")),
                new Case(
                        "url serving text as image/jpeg",
                        url(web.url("/files/fake.jpg")),
                        Expect.failed("unsupported_format")),
                new Case("file:// url", url("file:///etc/passwd"), Expect.intake(400, "url_not_allowed")),
                new Case("ftp:// url", url("ftp://example.com/a.jpg"), Expect.intake(400, "url_not_allowed"))));
        return cases.stream();
    }

    @Test
    void corpusHasAtLeastFortyCases() {
        assertTrue(corpus().count() >= 40, "corpus has " + corpus().count() + " cases");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyInputEndsAsACheckedVideoOrItsExactError(Case c) throws Exception {
        Set<String> jobsBefore = jobRecords();
        ExtractableResponse<Response> reply = c.submit().apply(this);
        Expect e = c.expect();
        assertEquals(
                e.httpStatus(),
                reply.statusCode(),
                c.name() + ": " + reply.body().asString());
        if (e.httpStatus() != 202) {
            assertEquals(e.code(), reply.path("error.code"), c.name());
            assertTrue(
                    reply.body().asString().length() < 2000
                            && !reply.body().asString().contains("at io."),
                    "no stack traces to callers");
            assertEquals(jobsBefore, jobRecords(), "a refused submission writes nothing");
            return;
        }
        String id = reply.path("id");
        JsonPath status = awaitTerminal(id);
        if (e.code() != null) {
            assertEquals("FAILED", status.getString("state"), c.name() + ": " + status.prettify());
            assertEquals(e.code(), status.getString("error.code"), c.name() + ": " + status.getString("error.message"));
            assertEquals(0, keyCount("results/" + id + "/"), "a failed job leaves no result");
            return;
        }
        assertEquals("SUCCEEDED", status.getString("state"), c.name() + ": " + status.prettify());
        Path video = Files.createTempFile("i2v-corpus", ".mp4");
        try {
            Files.write(
                    video,
                    s3.getObjectAsBytes(b -> b.bucket(bucket()).key("results/" + id + "/video.mp4"))
                            .asByteArray());
            VideoInfo info = VideoProbe.probe(video);
            assertEquals(e.width(), info.width(), c.name());
            assertEquals(e.height(), info.height(), c.name());
            assertEquals(24, info.frames(), c.name());
            if (e.quadrants() != null) {
                BufferedImage first = firstFrame(video);
                int w = first.getWidth();
                int h = first.getHeight();
                // the picture the right way up: each quadrant where it belongs
                assertColour(c.name() + " top-left", e.quadrants()[0], first.getRGB(w * 3 / 10, h * 3 / 10));
                assertColour(c.name() + " top-right", e.quadrants()[1], first.getRGB(w * 7 / 10, h * 3 / 10));
                assertColour(c.name() + " bottom-left", e.quadrants()[2], first.getRGB(w * 3 / 10, h * 7 / 10));
                assertColour(c.name() + " bottom-right", e.quadrants()[3], first.getRGB(w * 7 / 10, h * 7 / 10));
            }
        } finally {
            Files.deleteIfExists(video);
        }
    }

    // ---- ways in

    static Case ok(String name, Submit submit) {
        return new Case(name, submit, Expect.video(QUADRANTS));
    }

    static Submit inline(String name, byte[] bytes) {
        return t -> submitJson(Map.of("name", name, "data", Base64.getEncoder().encodeToString(bytes)));
    }

    static Submit url(String url) {
        return t -> submitJson(Map.of("url", url));
    }

    /** Through POST /v1/uploads and a presigned PUT, then the job names the key. */
    static Submit upload(String name, byte[] bytes) {
        return t -> {
            JsonPath ticket = given().contentType(ContentType.JSON)
                    .body(Map.of("filename", name, "size", bytes.length))
                    .post("/v1/uploads")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(ticket.getString("uploadUrl")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
            Map<String, String> headers = ticket.getMap("headers");
            headers.forEach(put::header);
            try {
                HttpResponse<String> r =
                        HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return submitJson(Map.of("key", ticket.getString("key")));
        };
    }

    static Submit declaredUpload(long size) {
        return t -> given().contentType(ContentType.JSON)
                .body(Map.of("filename", "huge.jpg", "size", size))
                .post("/v1/uploads")
                .then()
                .extract();
    }

    /** An object of exactly {@code size} bytes already in the uploads area (sparse file, JPEG magic first). */
    static Submit storedOfSize(long size) {
        return t -> {
            try {
                Path f = Files.createTempFile("i2v-huge", ".jpg");
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.write(TestInputs.jpeg(quadrants(64, 64)));
                    raf.setLength(size);
                }
                String key = "uploads/corpus/huge-" + System.nanoTime() + ".jpg";
                t.s3.putObject(b -> b.bucket(t.bucket()).key(key), RequestBody.fromFile(f));
                Files.delete(f);
                return submitJson(Map.of("key", key));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static ExtractableResponse<Response> submitJson(Map<String, Object> image) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("prompt", PROMPT, "images", List.of(image)))
                .post("/v1/jobs")
                .then()
                .extract();
    }

    // ---- checks

    private String bucket() {
        return config.storage().bucket();
    }

    private int keyCount(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket()).prefix(prefix)).keyCount();
    }

    /**
     * Every job record in the bucket but the event outboxes, which earlier cases' jobs may still be
     * writing to (a sent marker lands after the status it follows).
     */
    private Set<String> jobRecords() {
        Set<String> keys = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix("jobs/"))
                .contents()
                .forEach(o -> keys.add(o.key()));
        keys.removeIf(k -> k.contains("/events/"));
        return keys;
    }

    private static BufferedImage firstFrame(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter c = new Java2DFrameConverter()) {
            g.start();
            BufferedImage img = c.convert(g.grabImage());
            BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            out.createGraphics().drawImage(img, 0, 0, null);
            g.stop();
            return out;
        }
    }

    private static void assertColour(String what, Color expected, int rgb) {
        int r = rgb >> 16 & 255;
        int g = rgb >> 8 & 255;
        int b = rgb & 255;
        int d = Math.abs(r - expected.getRed()) + Math.abs(g - expected.getGreen()) + Math.abs(b - expected.getBlue());
        assertTrue(d < 120, what + ": expected " + expected + ", got rgb(" + r + "," + g + "," + b + ")");
    }

    // ---- pictures

    /** Red top-left, green top-right, blue bottom-left, yellow bottom-right: orientation is visible. */
    static BufferedImage quadrants(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Color[] c = QUADRANTS;
        g.setColor(c[0]);
        g.fillRect(0, 0, w / 2, h / 2);
        g.setColor(c[1]);
        g.fillRect(w / 2, 0, w - w / 2, h / 2);
        g.setColor(c[2]);
        g.fillRect(0, h / 2, w / 2, h - h / 2);
        g.setColor(c[3]);
        g.fillRect(w / 2, h / 2, w - w / 2, h - h / 2);
        g.dispose();
        return img;
    }

    static BufferedImage withTransparentTopRight(BufferedImage src) {
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.setComposite(AlphaComposite.Clear);
        g.fillRect(src.getWidth() / 2, 0, src.getWidth() - src.getWidth() / 2, src.getHeight() / 2);
        g.dispose();
        return img;
    }

    static BufferedImage solid(int w, int h, Color color) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static BufferedImage gray(BufferedImage src) {
        BufferedImage g = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        g.createGraphics().drawImage(src, 0, 0, null);
        return g;
    }

    /** A minimal empty ZIP archive (end-of-central-directory record only). */
    static byte[] zip() {
        byte[] eocd = new byte[22];
        eocd[0] = 'P';
        eocd[1] = 'K';
        eocd[2] = 5;
        eocd[3] = 6;
        return eocd;
    }
}

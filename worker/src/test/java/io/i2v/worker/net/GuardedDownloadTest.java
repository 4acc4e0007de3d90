package io.i2v.worker.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.i2v.core.error.I2vException;
import io.i2v.core.net.OutboundPolicy;
import io.i2v.core.net.UrlUse;
import io.i2v.core.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.conn.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image downloads against real HTTP servers on loopback. Loopback is refused in production, so
 * these tests exempt exactly this server's address:port (and allow http) — the test-only
 * allowance the policy offers; any other internal address, including a redirect target or a
 * changed DNS answer, stays refused.
 */
class GuardedDownloadTest {
    @TempDir
    Path dir;

    HttpServer server;
    int port;
    final byte[] image = TestImages.jpeg(64, 48);
    final List<String> internalHits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/photo.jpg", ex -> {
            ex.sendResponseHeaders(200, image.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(image);
            }
        });
        server.createContext("/chunked.jpg", ex -> {
            ex.sendResponseHeaders(200, 0); // 0 = chunked
            try (OutputStream o = ex.getResponseBody()) {
                o.write(image, 0, 100);
                o.write(image, 100, image.length - 100);
            }
        });
        server.createContext("/hop", ex -> {
            int n = Integer.parseInt(ex.getRequestURI().getQuery());
            ex.getResponseHeaders().add("Location", n == 0 ? "/photo.jpg" : "/hop?" + (n - 1));
            ex.getResponseHeaders().add("Connection", "close"); // the next hop opens (and resolves) anew
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        redirect("/to-other-port", "http://127.0.0.1:" + (server.getAddress().getPort() + 1) + "/x.jpg");
        redirect("/to-odd-spelling", "http://2130706433:" + server.getAddress().getPort() + "/photo.jpg");
        server.createContext("/missing.jpg", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/huge.jpg", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                byte[] junk = new byte[8192];
                for (int i = 0; i < 40; i++) {
                    o.write(junk);
                }
            } catch (IOException ignored) {
                // the client hangs up at the limit
            }
        });
        server.createContext("/slow.jpg", ex -> {
            ex.sendResponseHeaders(200, image.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(image, 0, 10);
                o.flush();
                Thread.sleep(3000);
                o.write(image, 10, image.length - 10);
            } catch (Exception ignored) {
                // the client gave up
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void imageIsDownloadedByLengthAndChunked() throws Exception {
        assertArrayEquals(image, Files.readAllBytes(download(url("/photo.jpg"), 1 << 20, Duration.ofSeconds(10))));
        assertArrayEquals(image, Files.readAllBytes(download(url("/chunked.jpg"), 1 << 20, Duration.ofSeconds(10))));
    }

    @Test
    void threeRedirectsAreFollowedAndAFourthIsNot() throws Exception {
        assertArrayEquals(image, Files.readAllBytes(download(url("/hop?2"), 1 << 20, Duration.ofSeconds(10))));
        assertCode("url_fetch_failed", "/hop?3", 1 << 20, Duration.ofSeconds(10));
    }

    @Test
    void redirectsToInternalAddressesAreRefused() {
        assertCode("url_not_allowed", "/to-metadata", 1 << 20, Duration.ofSeconds(10));
        assertCode("url_not_allowed", "/to-other-port", 1 << 20, Duration.ofSeconds(10));
        assertCode("url_not_allowed", "/to-odd-spelling", 1 << 20, Duration.ofSeconds(10));
    }

    @Test
    void aNameThatRebindsToAnInternalAddressBetweenHopsNeverReachesIt() throws Exception {
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.2", port), 0);
        internal.createContext("/", ex -> {
            internalHits.add(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(200, image.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(image);
            }
        });
        internal.start();
        AtomicInteger lookups = new AtomicInteger();
        DnsResolver rebinding = host ->
                new InetAddress[] {InetAddress.getByName(lookups.incrementAndGet() == 1 ? "127.0.0.1" : "127.0.0.2")};
        try (GuardedHttp http = new GuardedHttp(testAllowance(), rebinding)) {
            I2vException e = assertThrows(
                    I2vException.class,
                    () -> http.download(
                            "http://images.test:" + port + "/hop?1",
                            UrlUse.IMAGE,
                            dir.resolve("out"),
                            limits(1 << 20, Duration.ofSeconds(10))));
            assertEquals("url_not_allowed", e.code().code(), e.getMessage());
        } finally {
            internal.stop(0);
        }
        assertEquals(2, lookups.get(), "every connection resolves, and every answer is checked");
        assertEquals(List.of(), internalHits, "the internal server must never see a request");
    }

    @Test
    void aNameExemptOnOnePortIsRefusedOnAnotherAtConnectTime() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            internalHits.add(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        other.start();
        DnsResolver toLoopback = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        try (GuardedHttp http = new GuardedHttp(testAllowance(), toLoopback)) {
            I2vException e = assertThrows(
                    I2vException.class,
                    () -> http.download(
                            "http://images.test:" + other.getAddress().getPort() + "/photo.jpg",
                            UrlUse.IMAGE,
                            dir.resolve("out"),
                            limits(1 << 20, Duration.ofSeconds(10))));
            assertEquals("url_not_allowed", e.code().code(), e.getMessage());
            assertEquals("image url points to a non-public address (loopback)", e.getMessage());
        } finally {
            other.stop(0);
        }
        assertEquals(List.of(), internalHits);
    }

    @Test
    void sizeTimeAndHttpErrorsHaveTheirCodes() {
        assertCode("file_too_large", "/huge.jpg", 100_000, Duration.ofSeconds(10));
        assertCode("file_too_large", "/photo.jpg", 100, Duration.ofSeconds(10)); // declared length over the limit
        assertCode("url_fetch_failed", "/missing.jpg", 1 << 20, Duration.ofSeconds(10));
        assertCode("url_fetch_failed", "/slow.jpg", 1 << 20, Duration.ofMillis(800));
    }

    @Test
    void theDeadlineCoversTheWholeDownload() {
        long start = System.nanoTime();
        assertCode("url_fetch_failed", "/slow.jpg", 1 << 20, Duration.ofMillis(800));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2500, "gave up after " + ms + " ms");
    }

    @Test
    void withoutTheAllowanceLoopbackIsRefused() throws Exception {
        try (GuardedHttp real = new GuardedHttp(new OutboundPolicy(List.of("https", "http"), List.of()))) {
            for (String url : List.of(url("/photo.jpg"), "http://localhost:" + port + "/photo.jpg")) {
                I2vException e = assertThrows(
                        I2vException.class,
                        () -> real.download(
                                url, UrlUse.IMAGE, dir.resolve("x"), limits(1 << 20, Duration.ofSeconds(5))),
                        url);
                assertEquals("url_not_allowed", e.code().code(), url);
            }
        }
    }

    private void redirect(String path, String location) {
        server.createContext(path, ex -> {
            ex.getResponseHeaders().add("Location", location);
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
    }

    private Path download(String url, long maxBytes, Duration deadline) throws IOException {
        try (GuardedHttp http = new GuardedHttp(testAllowance())) {
            return http.download(
                    url, UrlUse.IMAGE, dir.resolve("out-" + System.nanoTime()), limits(maxBytes, deadline));
        }
    }

    private void assertCode(String code, String path, long maxBytes, Duration deadline) {
        I2vException e = assertThrows(I2vException.class, () -> download(url(path), maxBytes, deadline));
        assertEquals(code, e.code().code(), path + ": " + e.getMessage());
    }

    private OutboundPolicy testAllowance() {
        return new OutboundPolicy(List.of("https", "http"), List.of("127.0.0.1:" + port));
    }

    private static DownloadLimits limits(long maxBytes, Duration deadline) {
        return new DownloadLimits(maxBytes, Duration.ofSeconds(5), deadline, 3);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}

package io.i2v.worker.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.i2v.core.error.I2vException;
import io.i2v.core.testing.TestImages;
import io.i2v.core.url.UrlPolicy;
import io.i2v.worker.config.WorkerConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads against a real HTTP server on loopback. Loopback is refused in production, so these
 * tests exempt exactly this server's address:port (and allow http) — the test-only allowance
 * the policy offers; any other internal address, including a redirect target, stays refused.
 */
class InputFetcherTest {
    @TempDir
    Path dir;

    HttpServer server;
    int port;
    final byte[] image = TestImages.jpeg(64, 48);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/to-metadata", ex -> {
            ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.createContext("/to-other-port", ex -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + (port + 1) + "/x.jpg");
            ex.sendResponseHeaders(307, -1);
            ex.close();
        });
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
            } catch (java.io.IOException ignored) {
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

    InputFetcher.HttpDownload download(long maxBytes, Duration timeout) {
        UrlPolicy testAllowance = new UrlPolicy(true, List.of("127.0.0.1:" + port));
        return new InputFetcher.HttpDownload(testAllowance, maxBytes, settings(timeout));
    }

    @Test
    void imageIsDownloadedByLengthAndChunked() throws Exception {
        Path a = download(1 << 20, Duration.ofSeconds(10)).to(url("/photo.jpg"), dir.resolve("a"));
        assertArrayEquals(image, Files.readAllBytes(a));
        Path b = download(1 << 20, Duration.ofSeconds(10)).to(url("/chunked.jpg"), dir.resolve("b"));
        assertArrayEquals(image, Files.readAllBytes(b));
    }

    @Test
    void threeRedirectsAreFollowedAndAFourthIsNot() throws Exception {
        Path a = download(1 << 20, Duration.ofSeconds(10)).to(url("/hop?2"), dir.resolve("a"));
        assertArrayEquals(image, Files.readAllBytes(a));
        assertCode("url_fetch_failed", "/hop?3", 1 << 20, Duration.ofSeconds(10));
    }

    @Test
    void redirectsToInternalAddressesAreRefused() {
        assertCode("url_not_allowed", "/to-metadata", 1 << 20, Duration.ofSeconds(10));
        assertCode("url_not_allowed", "/to-other-port", 1 << 20, Duration.ofSeconds(10));
    }

    @Test
    void sizeTimeAndHttpErrorsHaveTheirCodes() {
        assertCode("file_too_large", "/huge.jpg", 100_000, Duration.ofSeconds(10));
        assertCode("file_too_large", "/photo.jpg", 100, Duration.ofSeconds(10)); // declared length over the limit
        assertCode("url_fetch_failed", "/missing.jpg", 1 << 20, Duration.ofSeconds(10));
        assertCode("url_fetch_failed", "/slow.jpg", 1 << 20, Duration.ofMillis(800));
    }

    @Test
    void withoutTheAllowanceLoopbackIsRefused() {
        InputFetcher.HttpDownload real = new InputFetcher.HttpDownload(new UrlPolicy(true, List.of()), 1 << 20,
                settings(Duration.ofSeconds(5)));
        I2vException e = assertThrows(I2vException.class, () -> real.to(url("/photo.jpg"), dir.resolve("x")));
        assertEquals("url_not_allowed", e.code().code());
        // a name that resolves to loopback is refused the same way
        e = assertThrows(I2vException.class, () -> real.to("http://localhost:" + port + "/photo.jpg",
                dir.resolve("y")));
        assertEquals("url_not_allowed", e.code().code());
    }

    private void assertCode(String code, String path, long maxBytes, Duration timeout) {
        I2vException e = assertThrows(I2vException.class, () -> download(maxBytes, timeout).to(url(path),
                dir.resolve("out")));
        assertEquals(code, e.code().code(), path + ": " + e.getMessage());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static WorkerConfig.Inputs settings(Duration timeout) {
        return new WorkerConfig.Inputs() {
            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            public Duration fetchTimeout() {
                return timeout;
            }

            public int maxRedirects() {
                return 3;
            }
        };
    }
}
